package nl.waarborg.requests.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import nl.waarborg.errors.DomainException;
import nl.waarborg.errors.DomainException.Kind;
import nl.waarborg.requests.RequestType;
import nl.waarborg.requests.internal.AccessPackages;
import nl.waarborg.requests.internal.DataSubjectRequest;
import nl.waarborg.requests.internal.Portal;
import nl.waarborg.requests.internal.RequestDesk;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public portal: a form to make a request, the code step, and a status page per request. Works without
 * JavaScript. A request's page needs its secret link and, in this browser session, the code sent to the address on
 * file; anything else answers the same "not found", so links and references cannot be probed.
 */
@Controller
class PortalController {

    static final String VERIFIED = "portal.verified";
    private static final Set<String> KNOWN = Set.of(
            "rights",
            "email",
            "phone",
            "language",
            "description",
            "requesterName",
            "too-many-requests",
            "too-many-codes",
            "code-not-sent",
            "file");

    private final Portal portal;
    private final RequestDesk desk;
    private final nl.waarborg.requests.internal.IdentityDocuments documents;
    private final AccessPackages packages;

    PortalController(
            Portal portal,
            RequestDesk desk,
            nl.waarborg.requests.internal.IdentityDocuments documents,
            AccessPackages packages) {
        this.portal = portal;
        this.desk = desk;
        this.documents = documents;
        this.packages = packages;
    }

    /** The page to send an identity document, reached only through the link in the letter that asked for it. */
    @GetMapping("/portal/requests/{token}/document")
    String documentForm(@PathVariable String token, Model model) {
        DataSubjectRequest r = documents.waiting(token).orElseThrow(PortalController::notFound);
        model.addAttribute("token", token);
        model.addAttribute("reference", r.reference());
        return "requests/portal/document";
    }

    @PostMapping("/portal/requests/{token}/document")
    String upload(
            @PathVariable String token,
            @RequestParam(required = false) org.springframework.web.multipart.MultipartFile file,
            Model model) {
        DataSubjectRequest r = documents.waiting(token).orElseThrow(PortalController::notFound);
        try {
            documents.upload(token, file == null ? null : file.getBytes());
            model.addAttribute("received", true);
            model.addAttribute("reference", r.reference());
            model.addAttribute("token", token);
            return "requests/portal/document";
        } catch (java.io.IOException e) {
            model.addAttribute("error", "file");
            model.addAttribute("errorDetail", "file");
            return documentForm(token, model);
        } catch (DomainException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw notFound();
            }
            failed(e, model);
            return documentForm(token, model);
        }
    }

    /** The download page of an access package: a code first, then the file. */
    @GetMapping("/portal/package/{token}")
    String packagePage(@PathVariable String token, HttpSession session, Model model) {
        DataSubjectRequest r = portal.packageRequest(token).orElseThrow(PortalController::notFound);
        var stored = packages.available(r).orElseThrow(PortalController::notFound);
        model.addAttribute("token", token);
        model.addAttribute("reference", r.reference());
        model.addAttribute("until", stored.until());
        model.addAttribute("size", stored.size());
        model.addAttribute("verified", verified(session).contains(r.id()));
        return "requests/portal/download";
    }

    @PostMapping("/portal/package/{token}/new-code")
    String packageCode(@PathVariable String token, HttpSession session, Model model) {
        portal.packageRequest(token).orElseThrow(PortalController::notFound);
        try {
            portal.sendPackageCode(token);
            model.addAttribute("sent", true);
        } catch (DomainException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw notFound();
            }
            failed(e, model);
        }
        return packagePage(token, session, model);
    }

    @PostMapping("/portal/package/{token}/code")
    String packageConfirm(
            @PathVariable String token, @RequestParam(required = false) String code, HttpSession session, Model model) {
        DataSubjectRequest r = portal.packageRequest(token).orElseThrow(PortalController::notFound);
        Portal.Check check = portal.confirmPackage(token, code);
        if (check == Portal.Check.CONFIRMED) {
            verified(session).add(r.id());
            return "redirect:/portal/package/" + token;
        }
        model.addAttribute("codeError", check.name());
        return packagePage(token, session, model);
    }

    @GetMapping("/portal/package/{token}/download")
    org.springframework.http.ResponseEntity<byte[]> packageDownload(@PathVariable String token, HttpSession session) {
        DataSubjectRequest r = portal.packageRequest(token).orElseThrow(PortalController::notFound);
        if (!verified(session).contains(r.id())) {
            return org.springframework.http.ResponseEntity.status(org.springframework.http.HttpStatus.SEE_OTHER)
                    .location(java.net.URI.create("/portal/package/" + token))
                    .build();
        }
        AccessPackages.Download d = packages.download(r).orElseThrow(PortalController::notFound);
        return org.springframework.http.ResponseEntity.ok()
                .contentType(org.springframework.http.MediaType.parseMediaType("application/zip"))
                .header(
                        org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
                        org.springframework.http.ContentDisposition.attachment()
                                .filename(d.fileName())
                                .build()
                                .toString())
                .header(org.springframework.http.HttpHeaders.CACHE_CONTROL, "no-store")
                .body(d.zip());
    }

    @GetMapping("/portal")
    String form(Model model) {
        model.addAttribute("types", RequestType.values());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new Portal.Form(List.of(), null, null, null, "email", null, null));
        }
        return "requests/portal/form";
    }

    @PostMapping("/portal/requests")
    String submit(
            @RequestParam(required = false) List<String> rights,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String email,
            @RequestParam(required = false) String phone,
            @RequestParam(required = false) String codeBy,
            @RequestParam(required = false) String description,
            HttpServletRequest http,
            Model model) {
        Portal.Form form = new Portal.Form(
                rights == null ? List.of() : rights,
                name,
                email,
                phone,
                "sms".equals(codeBy) ? "sms" : "email",
                description,
                LocaleContextHolder.getLocale().getLanguage().equals("en") ? "en" : "nl");
        try {
            Portal.Received received = portal.submit(form, http.getRemoteAddr());
            return "redirect:/portal/requests/" + received.token() + "/code";
        } catch (DomainException e) {
            model.addAttribute("form", form);
            failed(e, model);
            return form(model);
        }
    }

    @GetMapping("/portal/requests/{token}/code")
    String codeStep(@PathVariable String token, Model model) {
        DataSubjectRequest r = portal.request(token).orElseThrow(PortalController::notFound);
        model.addAttribute("token", token);
        model.addAttribute("reference", r.reference());
        return "requests/portal/code";
    }

    @PostMapping("/portal/requests/{token}/code")
    String confirm(
            @PathVariable String token, @RequestParam(required = false) String code, HttpSession session, Model model) {
        DataSubjectRequest r = portal.request(token).orElseThrow(PortalController::notFound);
        Portal.Check check = portal.confirm(token, code);
        if (check == Portal.Check.CONFIRMED) {
            verified(session).add(r.id());
            return "redirect:/portal/requests/" + token;
        }
        model.addAttribute("codeError", check.name());
        return codeStep(token, model);
    }

    @PostMapping("/portal/requests/{token}/new-code")
    String newCode(@PathVariable String token, Model model) {
        portal.request(token).orElseThrow(PortalController::notFound);
        try {
            portal.sendCode(token);
            model.addAttribute("resent", true);
        } catch (DomainException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                throw notFound();
            }
            failed(e, model);
        }
        return codeStep(token, model);
    }

    /**
     * The person's own letters (one per step, keyed {@code request:<id>:<KIND>:<n>} by the letters), not what went to
     * recipients (Art. 19), client organisations or codes about the request.
     */
    static boolean toRequester(nl.waarborg.mail.MailMessage m, java.util.UUID request) {
        return m.key() != null && m.key().matches("request:" + request + ":[A-Z_]+:\\d+");
    }

    @GetMapping("/portal/requests/{token}")
    String status(@PathVariable String token, HttpSession session, Model model) {
        DataSubjectRequest r = portal.request(token).orElseThrow(PortalController::notFound);
        if (!verified(session).contains(r.id())) {
            return "redirect:/portal/requests/" + token + "/code";
        }
        model.addAttribute("r", r);
        model.addAttribute("deadline", desk.deadline(r));
        model.addAttribute(
                "letters",
                desk.letters(r).stream().filter(m -> toRequester(m, r.id())).toList());
        return "requests/portal/status";
    }

    @SuppressWarnings("unchecked")
    private static Set<UUID> verified(HttpSession session) {
        Object set = session.getAttribute(VERIFIED);
        if (set == null) {
            set = new HashSet<UUID>();
            session.setAttribute(VERIFIED, set);
        }
        return (Set<UUID>) set;
    }

    private static void failed(DomainException e, Model model) {
        PageErrors.show(e, model, KNOWN);
    }

    /** One answer for every link that leads nowhere. */
    private static nl.waarborg.requests.RequestsException notFound() {
        return new nl.waarborg.requests.RequestsException(
                Kind.NOT_FOUND, "link", "this link does not lead to a request");
    }
}
