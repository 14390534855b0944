using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Portal.Api.Documentation;

/// <summary>The OpenAPI document of /api/v1, generated from the endpoints (Microsoft.AspNetCore.OpenApi). It is the same for every
/// host and port (no servers), so the copy checked in at docs/api/openapi.v1.json shows every change of the API in review.</summary>
internal static class ApiDocument
{
    public const string Name = "v1";
    public const string Path = "/api/v1/openapi.json";

    public static void Configure(OpenApiOptions o)
    {
        o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Portal API",
                Version = "v1",
                Description = "Backups, restores, database dumps and requests of the portal, with the same rules as its UI. Authenticate with a personal access "
                    + "token (Authorization: Bearer ptl_...) made on the Access tokens page, or an Entra ID app-only token when configured. "
                    + "Errors are RFC 9457 problem details. POSTs accept an Idempotency-Key header.",
            };
            document.Servers = [];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal access token (ptl_...) or an Entra ID app-only access token.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        });
        o.AddOperationTransformer((operation, context, _) =>
        {
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or one that is not valid, revoked or expired (problem details)" });
            operation.Responses.TryAdd("429", new OpenApiResponse { Description = "Too many calls with this token; wait as the Retry-After header says" });
            if (context.Description.HttpMethod == "POST")
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "Idempotency-Key",
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Any unique text (a UUID): a retry with the same key gets the first answer; the same key with another body is 422.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
            return Task.CompletedTask;
        });
    }
}
