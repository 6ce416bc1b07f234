package dev.tunnelgate.scim;

import com.unboundid.scim2.common.utils.JsonUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an identity provider reads to learn this endpoint (RFC 7644 section 4): the service provider's features, its
 * resource types and their schemas, from the documents in {@code resources/scim}.
 */
@ScimEndpoint
@RestController
@RequestMapping(ScimSecurity.PATH)
class ScimDiscoveryApi {
    private final ObjectNode serviceProviderConfig = (ObjectNode) load("service-provider-config.json");
    private final JsonNode resourceTypes = load("resource-types.json");
    private final JsonNode schemas = load("schemas.json");

    @GetMapping("/ServiceProviderConfig")
    ResponseEntity<String> serviceProviderConfig() {
        var config = serviceProviderConfig.deepCopy();
        var meta = config.putObject("meta");
        meta.put("resourceType", "ServiceProviderConfig");
        meta.put("location", ScimPaging.base() + "/ServiceProviderConfig");
        return ScimJson.response(HttpStatus.OK, config);
    }

    @GetMapping("/ResourceTypes")
    ResponseEntity<String> resourceTypes() {
        return list(resourceTypes, "ResourceType", "/ResourceTypes/");
    }

    @GetMapping("/ResourceTypes/{id}")
    ResponseEntity<String> resourceType(@PathVariable String id) {
        return one(resourceTypes, id, "ResourceType", "/ResourceTypes/");
    }

    @GetMapping("/Schemas")
    ResponseEntity<String> schemas() {
        return list(schemas, "Schema", "/Schemas/");
    }

    @GetMapping("/Schemas/{id}")
    ResponseEntity<String> schema(@PathVariable String id) {
        return one(schemas, id, "Schema", "/Schemas/");
    }

    private static ResponseEntity<String> list(JsonNode all, String type, String path) {
        var resources = new ArrayList<ObjectNode>();
        all.forEach(resource -> resources.add(withMeta((ObjectNode) resource, type, path)));
        return ScimJson.response(
                HttpStatus.OK, new ScimPaging(1, resources.size()).response(List.copyOf(resources), resources.size()));
    }

    private static ResponseEntity<String> one(JsonNode all, String id, String type, String path) {
        for (var resource : all) {
            if (resource.path("id").asString("").equals(id)) {
                return ScimJson.response(HttpStatus.OK, withMeta((ObjectNode) resource, type, path));
            }
        }
        throw ScimRefusal.notFound("No such " + type);
    }

    private static ObjectNode withMeta(ObjectNode resource, String type, String path) {
        var copy = resource.deepCopy();
        var meta = copy.putObject("meta");
        meta.put("resourceType", type);
        meta.put("location", ScimPaging.base() + path + resource.path("id").asString(""));
        return copy;
    }

    private static JsonNode load(String name) {
        try (var in = new ClassPathResource("scim/" + name).getInputStream()) {
            return JsonUtils.getObjectReader().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
