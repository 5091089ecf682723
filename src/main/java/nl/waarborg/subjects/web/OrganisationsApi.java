package nl.waarborg.subjects.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.waarborg.audit.AuditAction;
import nl.waarborg.audit.AuditRecord;
import nl.waarborg.audit.AuditTrail;
import nl.waarborg.subjects.internal.Inventory;
import nl.waarborg.subjects.internal.Model.NewOrganisation;
import nl.waarborg.subjects.internal.Model.NewServiceDelivered;
import nl.waarborg.subjects.internal.Model.Organisation;
import nl.waarborg.subjects.internal.Model.ServiceDelivered;
import nl.waarborg.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Customers (businesses and consumers) and the services delivered to them. */
@RestController
@RequestMapping("/api/v1/organisations")
class OrganisationsApi {

    private final Inventory inventory;
    private final AuditTrail audit;
    private final nl.waarborg.subjects.internal.RegisterClientLinks clientLinks;

    OrganisationsApi(
            Inventory inventory, AuditTrail audit, nl.waarborg.subjects.internal.RegisterClientLinks clientLinks) {
        this.inventory = inventory;
        this.audit = audit;
        this.clientLinks = clientLinks;
    }

    /** @param registerClient the register's {@code clients[].key}; null or empty to unlink */
    record ClientLink(String registerClient) {}

    /**
     * Which of the register's client organisations this organisation is: data kept for it in a category the client
     * controls is the client's, and requests about it are forwarded to the client's privacy contact.
     */
    @org.springframework.web.bind.annotation.PutMapping("/{id}/register-client")
    @PreAuthorize("hasAuthority('subjects:write')")
    ClientLink linkRegisterClient(
            @org.springframework.web.bind.annotation.PathVariable UUID id,
            @RequestBody(required = false) ClientLink body) {
        return new ClientLink(clientLinks
                .link(id, body == null ? null : body.registerClient())
                .orElse(null));
    }

    record OrganisationDetail(Organisation organisation, List<ServiceDelivered> services, List<UUID> subjectIds) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('subjects:write')")
    Organisation create(@RequestBody NewOrganisation body) {
        return inventory.createOrganisation(body);
    }

    /** Consumers' names are personal data: listing them is audited like reading one. */
    @GetMapping
    @PreAuthorize("hasAuthority('subjects:read')")
    @Transactional
    List<Organisation> list(
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(required = false) String purpose) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.invalid("limit", "limit must be between 1 and 1000");
        }
        if (offset < 0) {
            throw ApiProblem.invalid("offset", "offset cannot be negative");
        }
        List<Organisation> organisations = inventory.organisations(limit, offset);
        audit.record(AuditRecord.of(AuditAction.READ, "organisation", "*")
                .purpose(purpose == null || purpose.isBlank() ? "lookup" : purpose.strip())
                .detail("count", Integer.toString(organisations.size())));
        return organisations;
    }

    /** A consumer's name is personal data, so reading an organisation is audited too. */
    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('subjects:read')")
    @Transactional
    OrganisationDetail get(@PathVariable UUID id, @RequestParam(required = false) String purpose) {
        Organisation organisation =
                inventory.organisation(id).orElseThrow(() -> ApiProblem.notFound("Organisation " + id));
        audit.record(AuditRecord.of(AuditAction.READ, "organisation", id)
                .purpose(purpose == null || purpose.isBlank() ? "lookup" : purpose.strip()));
        return new OrganisationDetail(organisation, inventory.services(id), inventory.subjectsOf(id));
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasAuthority('subjects:write')")
    Organisation update(@PathVariable UUID id, @RequestBody NewOrganisation body) {
        return inventory.updateOrganisation(id, body);
    }

    @PostMapping("/{id}/services")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAuthority('subjects:write')")
    ServiceDelivered addService(@PathVariable UUID id, @RequestBody NewServiceDelivered body) {
        return inventory.addService(id, body);
    }

    /**
     * Changes only the fields the body names, for example {@code {"endedOn": "2026-06-30"}} to end a service (its end
     * date is a retention anchor) or {@code {"endedOn": null}} to reopen it; the result is checked as a whole.
     */
    @PatchMapping("/{id}/services/{serviceId}")
    @PreAuthorize("hasAuthority('subjects:write')")
    ServiceDelivered patchService(@PathVariable UUID id, @PathVariable UUID serviceId, @RequestBody JsonNode body) {
        ServiceDelivered existing = inventory
                .service(serviceId)
                .filter(s -> s.organisationId().equals(id))
                .orElseThrow(() -> ApiProblem.notFound("Service delivered " + serviceId));
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid("body", "Send a JSON object with the fields to change");
        }
        for (String name : body.propertyNames()) {
            if (!List.of("serviceKey", "reference", "startedOn", "endedOn").contains(name)) {
                throw ApiProblem.invalid(name, name + " is not a field of a service delivered");
            }
        }
        return inventory.updateService(
                id,
                serviceId,
                new NewServiceDelivered(
                        body.has("serviceKey") ? SubjectsApi.text(body, "serviceKey") : existing.serviceKey(),
                        body.has("reference") ? SubjectsApi.text(body, "reference") : existing.reference(),
                        body.has("startedOn") ? date(body, "startedOn") : existing.startedOn(),
                        body.has("endedOn") ? date(body, "endedOn") : existing.endedOn()));
    }

    /** Many organisations as newline-delimited JSON (one NewOrganisation per line), streamed. */
    @PostMapping(
            path = "/bulk",
            consumes = {"application/x-ndjson", "application/jsonl", "text/plain"})
    @PreAuthorize("hasAuthority('subjects:write')")
    Map<String, Object> bulk(HttpServletRequest request) throws IOException {
        return NdjsonImport.asMap(
                NdjsonImport.run(request.getInputStream(), NewOrganisation.class, inventory::createOrganisation));
    }

    private static LocalDate date(JsonNode body, String field) {
        String text = SubjectsApi.text(body, field);
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(field, field + " must be a date (yyyy-mm-dd)");
        }
    }

    @PutMapping("/{id}/services/{serviceId}")
    @PreAuthorize("hasAuthority('subjects:write')")
    ServiceDelivered updateService(
            @PathVariable UUID id, @PathVariable UUID serviceId, @RequestBody NewServiceDelivered body) {
        return inventory.updateService(id, serviceId, body);
    }
}
