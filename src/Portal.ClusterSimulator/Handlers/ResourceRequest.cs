using Microsoft.AspNetCore.Http;
using Portal.ClusterSimulator.Resources;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>A parsed resource URL: /api/v1/... or /apis/{group}/{version}/..., optionally namespaced, named and with a subresource.</summary>
internal sealed record ResourceRequest(ResourceDefinition Definition, string? Namespace, string? Name, string? Subresource, HttpContext Http)
{
    public IQueryCollection Query => Http.Request.Query;

    public string? QueryValue(string key) => Query.TryGetValue(key, out var v) ? v.ToString() : null;

    public bool IsWatch => QueryValue("watch") is "true" or "1" or "True";

    /// <summary>"Strict", "Warn" or "Ignore"; absent means Warn (the server default since 1.27).</summary>
    public string FieldValidation => QueryValue("fieldValidation") ?? "Warn";

    public bool DryRun => QueryValue("dryRun") == "All";

    /// <summary>The <c>fieldManager</c> the client named; null when it named none.</summary>
    public string? FieldManager => QueryValue("fieldManager") is { Length: > 0 } m ? m : null;

    /// <summary>Who a write is recorded for in managedFields: the named field manager, else (as kube-apiserver does)
    /// the client's User-Agent up to its first '/'.</summary>
    public string Manager => FieldManager
        ?? (Http.Request.Headers.UserAgent.ToString().Split('/')[0] is { Length: > 0 } agent ? agent : "unknown");

    /// <summary>Whether the query carries <c>force</c> at all (only server-side apply may).</summary>
    public bool HasForce => Query.ContainsKey("force");

    public bool Force => QueryValue("force") is "true" or "1" or "True";
}

/// <summary>Splits the URL path into group, version and the resource part.</summary>
internal static class ResourcePath
{
    /// <summary>
    /// Returns (group, version, rest-of-segments) for /api/{v}/... and /apis/{g}/{v}/...; null for other paths.
    /// </summary>
    public static (string Group, string Version, string[] Tail)? Split(string path)
    {
        var seg = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (seg.Length >= 2 && seg[0] == "api") return ("", seg[1], seg[2..]);
        if (seg.Length >= 3 && seg[0] == "apis") return (seg[1], seg[2], seg[3..]);
        return null;
    }

    /// <summary>Interprets the rest: [plural], [plural,name], [plural,name,sub], or namespaces/{ns}/... for namespaced ones.</summary>
    public static (string? Namespace, string Plural, string? Name, string? Subresource)? Interpret(string[] rest)
    {
        if (rest.Length == 0) return null;
        string? ns = null;
        var r = rest;
        if (rest[0] == "namespaces" && rest.Length >= 3 && rest[2] is not ("status" or "finalize"))
        {
            ns = rest[1];
            r = rest[2..];
        }
        if (r.Length > 3) return null;
        return (ns, r[0], r.Length > 1 ? r[1] : null, r.Length > 2 ? r[2] : null);
    }
}
