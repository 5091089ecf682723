package nl.waarborg.subjects.web;

import nl.waarborg.subjects.internal.KeyRotation;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The keyring of sensitive records: which keys exist, how far a rotation is, and starting one. */
@RestController
@RequestMapping("/api/v1/subjects/keys")
class KeysApi {

    private final KeyRotation rotation;

    KeysApi(KeyRotation rotation) {
        this.rotation = rotation;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('subjects:read')")
    KeyRotation.Status status() {
        return rotation.status();
    }

    /** Rotating keys is an administrator's act: it touches every sensitive record. */
    @PostMapping("/rotate")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasAuthority('admin:write')")
    KeyRotation.Status rotate() {
        return rotation.rotate();
    }
}
