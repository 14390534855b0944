using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Api.Authentication;
using Portal.Api.Documentation;
using Portal.Api.Endpoints;
using Portal.Api.Filters;

namespace Portal.Api;

/// <summary>The REST API: <c>builder.AddPortalApi()</c> registers its schemes, limits and document; <c>app.MapPortalApi()</c> maps
/// /api/v1. Its endpoints accept only its bearer schemes (never the UI's cookie) and call the UI's use cases.</summary>
public static class ApiSetup
{
    private sealed class NoStatusCodePages : Microsoft.AspNetCore.Http.Metadata.ISkipStatusCodePagesMetadata;

    public const string Prefix = "/api/v1";
    public const string Policy = "PortalApi";

    public static void AddPortalApi(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var schemes = new List<string>();
        // JwtBearer first: its challenge only sets headers; the token scheme's challenge writes the problem body.
        if (EntraAppTokens.Add(builder)) schemes.Add(EntraAppTokens.SchemeName);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null);
        schemes.Add(AccessTokenAuthenticationHandler.SchemeName);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.AddAuthenticationSchemes([.. schemes]).RequireAuthenticatedUser());
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section);
        services.AddSingleton<ApiRateLimiter>();
        services.AddSingleton<IdempotentAnswerSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotentAnswerSweeper>());
        services.AddOpenApi(ApiDocument.Name, ApiDocument.Configure);
    }

    public static void MapPortalApi(this WebApplication app)
    {
        // Calls refused before the endpoint's code runs (a body that is not JSON, a wrong type) get words, not an empty 400.
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Prefix), branch => branch.UseMiddleware<ApiBadRequests>());
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(Policy)
            // Answers are problem details, never the UI's "not found" page.
            .WithMetadata(new NoStatusCodePages())
            .AddEndpointFilter<ApiCallAudit>()
            .AddEndpointFilter<ApiRateLimitFilter>();
        ReadEndpoints.Map(api);
        RequestEndpoints.Map(api);
        MigrationEndpoints.Map(api);
        ProtectionEndpoints.Map(api);
        RestoreEndpoints.Map(api);
        DatabaseEndpoints.Map(api);
        // An address the API does not have (a word where an id goes, a typo): problem details, never the UI's "not found" page.
        // A body that is not JSON also lands here (the endpoints accept only JSON, so routing finds none of them): say that instead.
        api.MapFallback("{**rest}", (HttpContext http) => http.Request.ContentLength > 0 && !http.Request.HasJsonContentType()
                ? ApiBadRequests.NotJson(http)
                : ApiProblems.Problem(StatusCodes.Status404NotFound, "Not found",
                    $"There is nothing at {http.Request.Method} {ApiClaims.Shorten(http.Request.Path.Value ?? "", 200)}. Ids in the API's addresses are GUIDs " +
                    $"(such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301); the addresses are listed at {Prefix}/reference."))
            .ExcludeFromDescription();

        app.MapOpenApi("/api/{documentName}/openapi.json").AllowAnonymous().WithMetadata(new NoStatusCodePages());
        app.MapGet(ReferencePage.Path, (IApiDescriptionGroupCollectionProvider provider) =>
                Results.Content(ReferencePage.Render(provider), "text/html; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
    }
}
