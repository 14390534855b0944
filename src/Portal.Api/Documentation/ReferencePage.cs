using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace Portal.Api.Documentation;

/// <summary>A plain, browsable reference of the API (no script, so the portal's content security policy holds): every operation
/// with its parameters and answers, from the same descriptions the OpenAPI document is made of, and a link to the document.</summary>
internal static partial class ReferencePage
{
    public const string Path = "/api/v1/reference";

    public static string Render(IApiDescriptionGroupCollectionProvider provider)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Portal API v1</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}")
            .Append("code{background:#f3f3f3;padding:0 .25rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}.m{font-weight:bold;display:inline-block;min-width:4rem}</style>")
            .Append("</head><body><main><h1>Portal API v1</h1>")
            .Append("<p>Send a personal access token as <code>Authorization: Bearer ptl_…</code> (make one on the portal's Access tokens page). ")
            .Append("Errors are RFC 9457 problem details; a POST with an <code>Idempotency-Key</code> header is answered once. ")
            .Append($"The OpenAPI document: <a href=\"{ApiDocument.Path}\">{ApiDocument.Path}</a>.</p>");
        var operations = provider.ApiDescriptionGroups.Items.SelectMany(g => g.Items)
            .Where(d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true)
            .GroupBy(d => d.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>().FirstOrDefault()?.Tags.FirstOrDefault() ?? "Other")
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var tag in operations)
        {
            html.Append("<h2>").Append(E(tag.Key)).Append("</h2>");
            foreach (var d in tag.OrderBy(d => d.RelativePath, StringComparer.Ordinal).ThenBy(d => d.HttpMethod, StringComparer.Ordinal))
            {
                var summary = d.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IEndpointSummaryMetadata>().FirstOrDefault()?.Summary;
                html.Append("<h3><span class=\"m\">").Append(E(d.HttpMethod ?? "")).Append("</span> <code>/").Append(E(RouteConstraint().Replace(d.RelativePath!, "{$1}"))).Append("</code></h3>");
                if (summary is not null) html.Append("<p>").Append(E(summary)).Append("</p>");
                var parameters = d.ParameterDescriptions.Where(p => p.Source.Id is "Path" or "Query" or "Body").ToList();
                if (parameters.Count > 0)
                    html.Append("<p>Parameters: ").Append(string.Join(", ", parameters.Select(p =>
                        $"<code>{E(p.Name)}</code> ({E(p.Source.DisplayName)}, {E(p.Type?.Name ?? "")})"))).Append("</p>");
                html.Append("<p>Answers: ").Append(string.Join(", ", d.SupportedResponseTypes.Select(r => r.StatusCode).Distinct().Order())).Append("</p>");
            }
        }
        return html.Append("</main></body></html>").ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{(\w+):[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex RouteConstraint();

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
