using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Api;

/// <summary>Builds <c>meta/v1 Status</c> bodies, the shape every Kubernetes client parses on failure.</summary>
public static class StatusBody
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null) status["details"] = details.DeepClone();
        status["code"] = code;
        return status;
    }

    public static JsonObject From(ApiException e) => Failure(e.Code, e.Reason, e.Message, e.Details);

    public static JsonObject Unauthorized() => Failure(401, "Unauthorized", "Unauthorized");
}
