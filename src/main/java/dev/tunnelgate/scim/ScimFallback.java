package dev.tunnelgate.scim;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A SCIM path this portal does not have: a SCIM 404, not the portal's HTML page. */
@ScimEndpoint
@RestController
class ScimFallback {
    @RequestMapping({ScimSecurity.PATH, ScimSecurity.PATH + "/**"})
    ResponseEntity<String> none() {
        return ScimJson.errorResponse(404, null, "No such SCIM endpoint");
    }
}
