using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Api;

/// <summary>
/// An API failure that becomes a Kubernetes <c>Status</c> response. Thrown anywhere below the handlers so that
/// store and validation code need not know about HTTP.
/// </summary>
public sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;

    public static ApiException NotFound(string qualifiedResource, string name) =>
        new(404, "NotFound", $"{qualifiedResource} \"{name}\" not found", Detail(qualifiedResource, name));

    public static ApiException AlreadyExists(string qualifiedResource, string name) =>
        new(409, "AlreadyExists", $"{qualifiedResource} \"{name}\" already exists", Detail(qualifiedResource, name));

    public static ApiException Conflict(string qualifiedResource, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {qualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Detail(qualifiedResource, name));

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got {contentType})");

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    /// <summary>422 Invalid with one StatusCause per error, as kube-apiserver answers schema violations.</summary>
    public static ApiException Invalid(string qualifiedKind, string name, string group, string kind, IEnumerable<(string Field, string Reason, string Message)> causes)
    {
        var list = causes.ToList();
        var message = $"{qualifiedKind} \"{name}\" is invalid: " +
            (list.Count == 1 ? list[0].Message : "[" + string.Join(", ", list.Select(c => c.Message)) + "]");
        var causeArray = new JsonArray(list.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = c.Reason,
            ["message"] = WithoutFieldPrefix(c.Field, c.Message),
            ["field"] = c.Field,
        }).ToArray());
        var details = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = kind, ["causes"] = causeArray };
        return new ApiException(422, "Invalid", message, details);
    }

    // A StatusCause carries the field separately; clients (kubectl) print "field: message".
    private static string WithoutFieldPrefix(string field, string message)
    {
        foreach (var prefix in new[] { field + ": ", "." + field + ": " })
        {
            if (field.Length > 0 && message.StartsWith(prefix, StringComparison.Ordinal)) return message[prefix.Length..];
        }
        return message;
    }

    private static JsonObject Detail(string qualifiedResource, string name)
    {
        var dot = qualifiedResource.IndexOf('.', StringComparison.Ordinal);
        var details = new JsonObject { ["name"] = name };
        if (dot > 0) details["group"] = qualifiedResource[(dot + 1)..];
        details["kind"] = dot > 0 ? qualifiedResource[..dot] : qualifiedResource;
        return details;
    }
}
