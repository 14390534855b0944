using Microsoft.AspNetCore.Http;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Auditing;

namespace Portal.Api.Filters;

/// <summary>Every call of the API is in the audit log under the caller's name (for a token: its owner and its name), with the
/// method, the path and the status it answered, and the tenant it was about where there is one (<see cref="ApiCallTenant"/>), so a
/// tenant's auditors see the calls made on its things; changes are audited by their use cases as well, as from the UI.</summary>
internal sealed class ApiCallAudit(SecurityEvents events, IPortalDbContextFactory factory, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await next(context);
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        var user = http.User;
        var who = user.FindFirst("name")?.Value ?? "anonymous";
        var path = ApiClaims.Shorten(http.Request.Path.Value ?? "", 180);
        await events.RecordAsync(new AuditEvent(time.GetUtcNow(), who, "api.call", "api", path,
            $"{http.Request.Method} {path} answered {status}", await ApiCallTenant.OfAsync(http, status, factory), user.FindFirst(ApiClaims.UserId)?.Value,
            http.Connection.RemoteIpAddress?.ToString(), status is 401 or 403 ? AuditOutcome.Refused : AuditOutcome.Succeeded), http.RequestAborted);
        return result;
    }
}
