namespace Portal.Web.Tests.Api;

/// <summary>How the API's authorization walk calls one endpoint with Billing's ids (tenant B) as a Webshop person (tenant A).</summary>
/// <param name="Path">The address to call, with Billing's id in it (or, for a list, nothing or a filter on Billing).</param>
/// <param name="Body">The JSON body of a POST, as a caller that may do it would send it (so it is the id, not the body, that is refused).</param>
/// <param name="IsList">A list: it may answer 200 (or 403/404), but nothing of Billing's may be in it. Otherwise the answer must be 404, or 403
/// when the persona may not do it at all: the same answer as for an id that does not exist.</param>
public sealed record WalkCall(string Path, object? Body = null, bool IsList = false)
{
    public static WalkCall Get(string path) => new(path);
    public static WalkCall Post(string path, object? body = null) => new(path, body ?? new { });
    public static WalkCall List(string path) => new(path, IsList: true);
}

/// <summary>
/// THE table of the API's authorization walk (<see cref="ApiAuthorizationWalkTests"/>): one line per endpoint under /api/v1, keyed by its
/// method and route pattern exactly as the app maps it (e.g. <c>POST /api/v1/requests/{id:guid}/cancel</c>), saying how to call it with
/// tenant Billing's ids. An endpoint of the app without a line here fails the walk, naming the endpoint; a line without an endpoint fails
/// it too. Adding an endpoint = adding its line. Billing's ids are on <see cref="ApiPortal"/> (seed one there when a new kind of thing
/// needs one, and add it to <see cref="ApiPortal.BillingIds"/>); the walk also calls each non-list line with Billing's ids replaced by a
/// made-up one and expects the same answer, so an answer never tells Billing's things from things that do not exist.
/// </summary>
public static class ApiWalkTable
{
    public static readonly IReadOnlyDictionary<string, Func<ApiPortal, WalkCall>> AimedAtBilling = new Dictionary<string, Func<ApiPortal, WalkCall>>
    {
        ["GET /api/v1/clusters"] = _ => WalkCall.List("/api/v1/clusters"),
        ["GET /api/v1/namespaces"] = p => WalkCall.List($"/api/v1/namespaces?tenantId={p.Billing}"),
        ["GET /api/v1/namespaces/{id:guid}"] = p => WalkCall.Get($"/api/v1/namespaces/{p.BillingNamespace}"),
        ["GET /api/v1/namespaces/{id:guid}/backups"] = p => WalkCall.Get($"/api/v1/namespaces/{p.BillingNamespace}/backups"),
        ["POST /api/v1/namespaces/{id:guid}/backups"] = p => WalkCall.Post($"/api/v1/namespaces/{p.BillingNamespace}/backups", new { ttlHours = 24, reason = "walk" }),
        ["GET /api/v1/requests"] = _ => WalkCall.List("/api/v1/requests?limit=200"),
        ["GET /api/v1/requests/{id:guid}"] = p => WalkCall.Get($"/api/v1/requests/{p.BillingRequest}"),
        ["POST /api/v1/requests/{id:guid}/cancel"] = p => WalkCall.Post($"/api/v1/requests/{p.BillingRequest}/cancel"),
        ["POST /api/v1/requests/{id:guid}/approve"] = p => WalkCall.Post($"/api/v1/requests/{p.BillingRequest}/approve", new { comment = "walk" }),
        ["POST /api/v1/requests/{id:guid}/reject"] = p => WalkCall.Post($"/api/v1/requests/{p.BillingRequest}/reject", new { comment = "walk" }),
        ["GET /api/v1/migration-plans"] = _ => WalkCall.List("/api/v1/migration-plans?limit=200"),
        ["GET /api/v1/migration-plans/{id:guid}"] = p => WalkCall.Get($"/api/v1/migration-plans/{p.BillingPlan}"),
        ["POST /api/v1/migration-waves/{id:guid}/approve"] = p => WalkCall.Post($"/api/v1/migration-waves/{p.BillingWave}/approve", new { comment = "walk" }),
        ["POST /api/v1/migration-waves/{id:guid}/reject"] = p => WalkCall.Post($"/api/v1/migration-waves/{p.BillingWave}/reject", new { comment = "walk" }),
        ["GET /api/v1/protection/namespaces"] = p => WalkCall.List($"/api/v1/protection/namespaces?tenantId={p.Billing}&limit=200"),
        ["GET /api/v1/namespaces/{id:guid}/protection"] = p => WalkCall.Get($"/api/v1/namespaces/{p.BillingNamespace}/protection"),
        ["GET /api/v1/namespaces/{id:guid}/backups/{backup}/restore-preview"] = p =>
            WalkCall.Get($"/api/v1/namespaces/{p.BillingNamespace}/backups/{ApiPortal.BillingBackup}/restore-preview?targetNamespace=billing-api-copy"),
        ["POST /api/v1/namespaces/{id:guid}/restores"] = p => WalkCall.Post($"/api/v1/namespaces/{p.BillingNamespace}/restores",
            new { backupName = ApiPortal.BillingBackup, targetNamespace = "billing-api-copy", reason = "walk" }),
        ["GET /api/v1/requests/{id:guid}/restore-preview"] = p => WalkCall.Get($"/api/v1/requests/{p.BillingRequest}/restore-preview"),
        ["GET /api/v1/databases"] = _ => WalkCall.List("/api/v1/databases"),
        ["GET /api/v1/databases/{id:guid}"] = p => WalkCall.Get($"/api/v1/databases/{p.BillingDatabase}"),
        ["GET /api/v1/databases/{id:guid}/dumps"] = p => WalkCall.Get($"/api/v1/databases/{p.BillingDatabase}/dumps"),
        ["POST /api/v1/databases/{id:guid}/dumps"] = p => WalkCall.Post($"/api/v1/databases/{p.BillingDatabase}/dumps",
            new { scheduleId = p.BillingSchedule, reason = "walk" }),
    };
}
