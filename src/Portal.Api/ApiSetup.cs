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
        services.AddOpenApi(ApiDocument.Name, ApiDocument.Configure);
    }

    public static void MapPortalApi(this WebApplication app)
    {
        app.UseUnreadableInputProblems();
        var api = app.MapGroup(Prefix)
            .RequireAuthorization(Policy)
            // Answers are problem details, never the UI's "not found" page.
            .WithMetadata(new NoStatusCodePages())
            .AddEndpointFilter<ApiCallAudit>()
            .AddEndpointFilter<ApiRateLimitFilter>();
        ReadEndpoints.Map(api);
        RequestEndpoints.Map(api);
        RestoreEndpoints.Map(api);
        DatabaseEndpoints.Map(api);

        app.MapOpenApi("/api/{documentName}/openapi.json").AllowAnonymous().WithMetadata(new NoStatusCodePages());
        app.MapGet(ReferencePage.Path, (IApiDescriptionGroupCollectionProvider provider) =>
                Results.Content(ReferencePage.Render(provider), "text/html; charset=utf-8"))
            .AllowAnonymous().ExcludeFromDescription();
    }
}
