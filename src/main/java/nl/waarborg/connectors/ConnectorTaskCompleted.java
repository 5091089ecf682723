package nl.waarborg.connectors;

import java.util.UUID;

/**
 * Staff recorded the outcome of a manual connector's task, so that what waited on it (a request, a retention run) can
 * go on.
 *
 * @param action {@code FIND}, {@code EXPORT}, {@code ERASE}, {@code ANONYMISE}, {@code EXPIRE}, {@code RESTRICT} or
 *     {@code LIFT}
 * @param operationId the operation the task belongs to, or null for a search
 * @param result {@code DONE}, {@code NOT_FOUND} or {@code FAILED}
 */
public record ConnectorTaskCompleted(UUID taskId, String system, String action, String operationId, String result) {}
