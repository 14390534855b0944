using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Tests.Support;

/// <summary>
/// A tiny plain-HTTP API server whose watch answers are scripted step by step, to drive the gateway through exact
/// sequences (stream ends, 410 Gone, deletions, 401/500) that a full simulator cannot easily stage on demand.
/// Objects live in <see cref="Objects"/> keyed by name; each watch request takes the next script from
/// <see cref="WatchScripts"/> (none left → the request hangs until cancelled).
/// </summary>
public sealed class ScriptedApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentDictionary<string, JsonObject> Objects { get; } = new();
    public ConcurrentQueue<Func<HttpContext, Task>> WatchScripts { get; } = new();
    public ConcurrentQueue<string> WatchRequests { get; } = new();
    public int GetCount;
    /// <summary>Server-side applies received: query, content type and body.</summary>
    public ConcurrentQueue<(string Query, string ContentType, string Body)> Applies { get; } = new();
    public bool VeleroServed { get; set; } = true;

    private ScriptedApiServer(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public ClusterConnection Connection(string token = "good") => new(Guid.NewGuid(), "scripted",
        $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: {Url}
        contexts:
        - name: x
          context: {"{"}cluster: c, user: u{"}"}
        current-context: x
        users:
        - name: u
          user:
            token: {token}
        """);

    public static async Task<ScriptedApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedApiServer(app);
        app.Use(async (ctx, next) =>
        {
            if (ctx.Request.Headers.Authorization != "Bearer good")
            {
                await Status(401, "Unauthorized", "Unauthorized").ExecuteAsync(ctx);
                return;
            }

            await next(ctx);
        });
        app.MapGet("/version", () => Results.Json(new { major = "1", minor = "32", gitVersion = "v1.32.0-scripted" }));
        app.MapPatch("/apis/velero.io/v1/namespaces/{ns}/{plural}/{name}", async (HttpContext ctx, string ns, string plural, string name) =>
        {
            if (!server.VeleroServed)
            {
                return Status(404, "NotFound", "the server could not find the requested resource");
            }

            var body = (await JsonNode.ParseAsync(ctx.Request.Body))!.AsObject();
            server.Applies.Enqueue((ctx.Request.QueryString.Value ?? "", ctx.Request.ContentType ?? "", body.ToJsonString()));
            if (server.Objects.TryGetValue(name, out var existing))
            {
                return Results.Text(existing.ToJsonString(), "application/json"); // scripted: an apply over an existing object changes nothing
            }

            body["metadata"]!["resourceVersion"] = "1";
            server.Objects[name] = body;
            return Results.Text(body.ToJsonString(), "application/json", statusCode: 201);
        });
        app.MapGet("/apis", () => Results.Json(new
        {
            kind = "APIGroupList",
            apiVersion = "v1",
            groups = server.VeleroServed
                ? new[] { new { name = "velero.io", versions = new[] { new { groupVersion = "velero.io/v1", version = "v1" } } } }
                : [],
        }));
        app.MapGet("/apis/velero.io/v1/namespaces/{ns}/{plural}/{name}", (string name) =>
        {
            Interlocked.Increment(ref server.GetCount);
            return server.Objects.TryGetValue(name, out var obj)
                ? Results.Text(obj.ToJsonString(), "application/json")
                : Status(404, "NotFound", $"backups.velero.io \"{name}\" not found");
        });
        app.MapGet("/apis/velero.io/v1/namespaces/{ns}/{plural}", async (HttpContext ctx) =>
        {
            if (ctx.Request.Query["watch"] != "true")
            {
                await Status(500, "InternalError", "only watches are scripted").ExecuteAsync(ctx);
                return;
            }

            server.WatchRequests.Enqueue(ctx.Request.QueryString.Value ?? "");
            if (server.WatchScripts.TryDequeue(out var script))
            {
                await script(ctx);
                return;
            }

            await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { });
        });
        await app.StartAsync();
        return server;
    }

    public static IResult Status(int code, string reason, string message) => Results.Json(
        new { kind = "Status", apiVersion = "v1", status = "Failure", message, reason, code }, statusCode: code);

    public static JsonObject Velero(string name, string rv, string? phase, int? total = null, int? done = null, string kind = "Backup")
    {
        var obj = new JsonObject
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero", ["resourceVersion"] = rv },
            ["spec"] = new JsonObject(),
        };
        if (phase is not null)
        {
            var status = new JsonObject { ["phase"] = phase };
            if (total is not null)
            {
                status["progress"] = new JsonObject { ["totalItems"] = total, ["itemsBackedUp"] = done };
            }

            obj["status"] = status;
        }

        return obj;
    }

    /// <summary>A watch script that streams the given events (type, object) and then ends the stream.</summary>
    public static Func<HttpContext, Task> Stream(params (string Type, JsonObject Object)[] events) => async ctx =>
    {
        ctx.Response.ContentType = "application/json";
        foreach (var (type, obj) in events)
        {
            await ctx.Response.WriteAsync(JsonSerializer.Serialize(new { type, @object = obj }) + "\n");
            await ctx.Response.Body.FlushAsync();
        }
    };

    public static JsonObject GoneStatus() => new()
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure",
        ["message"] = "too old resource version: 1 (5)", ["reason"] = "Expired", ["code"] = 410,
    };

    public static Func<HttpContext, Task> Fail(int code, string reason) => ctx => Status(code, reason, reason).ExecuteAsync(ctx);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
