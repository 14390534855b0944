using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Portal.Api;

/// <summary>
/// The API's answer when minimal APIs refuse a call before any of its code runs: a body that is not JSON, a value of the wrong type
/// in it or in the query (400), a body that is not sent as JSON (415). ASP.NET Core answers those with an empty status outside
/// Development; this says why, as RFC 9457 problem details in plain words, naming the field where there is one. It reads the body
/// again (buffered for the purpose) with the endpoint's own body type and JSON options, so its words match what was refused.
/// </summary>
public sealed class ApiBadRequests(RequestDelegate next, IOptions<JsonOptions> json)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var hasBody = http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0;
        if (hasBody) http.Request.EnableBuffering();
        await next(http);
        var status = http.Response.StatusCode;
        if (http.Response.HasStarted || status is not (StatusCodes.Status400BadRequest or StatusCodes.Status415UnsupportedMediaType)
            || http.Response.ContentLength is not null || http.Response.ContentType is not null) return;
        var answer = status == StatusCodes.Status415UnsupportedMediaType ? NotJson(http) : await ExplainAsync(http, hasBody);
        await answer.ExecuteAsync(http);
    }

    public static IResult NotJson(HttpContext http) => ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Not JSON",
        $"Send the body as JSON, with the header Content-Type: application/json (it was '{http.Request.ContentType}').");

    private async Task<IResult> ExplainAsync(HttpContext http, bool hasBody)
    {
        var endpoint = http.GetEndpoint();
        if (QueryProblem(http, endpoint?.Metadata.GetMetadata<MethodInfo>()) is { } query) return query;
        var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (hasBody && bodyType is not null && http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
            try
            {
                await JsonSerializer.DeserializeAsync(http.Request.Body, bodyType, json.Value.SerializerOptions, http.RequestAborted);
            }
            // The reader's own error (not JSON at all) comes wrapped; a value of the wrong type names its path.
            catch (JsonException e) when (e.InnerException is JsonException || e.Path is null or "$")
            {
                return ApiProblems.Problem(StatusCodes.Status400BadRequest, "The body is not valid JSON",
                    $"The request body is not valid JSON (line {(e.LineNumber ?? 0) + 1}, character {(e.BytePositionInLine ?? 0) + 1}): send one JSON object, as the reference at {ApiSetup.Prefix}/reference shows.");
            }
            catch (JsonException e)
            {
                var field = e.Path!.TrimStart('$', '.');
                return ApiProblems.Field(field, $"{field} must be {Expected(bodyType, field)}.");
            }
        }
        return ApiProblems.Problem(StatusCodes.Status400BadRequest, "The request is not valid",
            $"The request could not be read: check its values against the reference at {ApiSetup.Prefix}/reference.");
    }

    /// <summary>A query value the handler takes as a Guid, a number or true/false that is not one.</summary>
    private static IResult? QueryProblem(HttpContext http, MethodInfo? handler)
    {
        if (handler is null) return null;
        foreach (var p in handler.GetParameters())
        {
            if (p.Name is null || !http.Request.Query.TryGetValue(p.Name, out var values)) continue;
            var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            var text = values.ToString();
            var ok = type == typeof(Guid) ? Guid.TryParse(text, out _)
                : type == typeof(int) ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                : type == typeof(bool) ? bool.TryParse(text, out _)
                : true;
            if (!ok) return ApiProblems.Field(p.Name, $"{p.Name} must be {Words(type)} (it is '{text}').");
        }
        return null;
    }

    private static string Expected(Type bodyType, string field)
    {
        var property = bodyType.GetProperties().FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
        return property is null ? "of another type" : Words(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
    }

    private static string Words(Type type) =>
        type == typeof(Guid) ? "a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301"
        : type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(double) || type == typeof(decimal) ? "a number"
        : type == typeof(bool) ? "true or false"
        : type == typeof(string) ? "text in quotes"
        : "of another type";
}
