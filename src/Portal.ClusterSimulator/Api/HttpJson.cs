using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Api;

/// <summary>Reading and writing JSON bodies the way kube-apiserver does (always application/json, never protobuf).</summary>
internal static class HttpJson
{
    public static async Task WriteAsync(HttpContext ctx, int status, JsonNode body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8, ctx.RequestAborted);
    }

    public static Task WriteStatusAsync(HttpContext ctx, ApiException e) => WriteAsync(ctx, e.Code, StatusBody.From(e));

    /// <summary>Reads a JSON (or YAML) request body; an empty or malformed body is a 400 BadRequest.</summary>
    public static async Task<JsonNode> ReadAsync(HttpContext ctx, bool allowEmpty = false)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ctx.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            if (allowEmpty) return new JsonObject();
            throw ApiException.BadRequest("the request body is empty");
        }
        try
        {
            var contentType = ctx.Request.ContentType ?? "";
            var node = contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase)
                ? YamlToJson.ParseSingle(text)
                : JsonNode.Parse(text);
            return node ?? throw ApiException.BadRequest("the request body is null");
        }
        catch (Exception e) when (e is JsonException or YamlDotNet.Core.YamlException)
        {
            throw ApiException.BadRequest($"the request body could not be decoded: {e.Message}");
        }
    }
}
