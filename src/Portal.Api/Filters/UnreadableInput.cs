using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Portal.Api.Filters;

/// <summary>A value the framework cannot bind (limit=abc, "restoreVolumes": "yes", JSON that does not parse) is refused by minimal APIs
/// with a bare 400 before any endpoint filter runs (so nothing is asked with a default): this middleware gives that 400 the API's
/// problem details body. Answers the endpoints wrote themselves (they carry a content type) are left as they are.</summary>
internal static class UnreadableInput
{
    public const string Detail = "A value in the address, the query or the body could not be read as its type (a number, true or false, an id, or JSON). "
        + "The OpenAPI document at " + Documentation.ApiDocument.Path + " gives each field's type.";

    public static void UseUnreadableInputProblems(this WebApplication app) => app.Use(async (http, next) =>
    {
        await next(http);
        if (http.Response.StatusCode == StatusCodes.Status400BadRequest && !http.Response.HasStarted && http.Response.ContentType is null
            && http.Request.Path.StartsWithSegments(ApiSetup.Prefix) && http.GetEndpoint() is not null)
            await ApiProblems.WriteAsync(http, StatusCodes.Status400BadRequest, "The request is not valid", Detail);
    });
}
