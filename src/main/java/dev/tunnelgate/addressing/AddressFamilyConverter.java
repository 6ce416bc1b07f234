package dev.tunnelgate.addressing;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores the family as 'ipv4' or 'ipv6', the values the migration's check constraint allows. */
@Converter(autoApply = true)
class AddressFamilyConverter implements AttributeConverter<AddressFamily, String> {
    @Override
    public String convertToDatabaseColumn(AddressFamily family) {
        return family.code();
    }

    @Override
    public AddressFamily convertToEntityAttribute(String code) {
        return AddressFamily.ofCode(code);
    }
}
