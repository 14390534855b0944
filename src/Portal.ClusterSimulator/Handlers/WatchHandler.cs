using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Api;
using Portal.ClusterSimulator.Hosting;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Handlers;

/// <summary>
/// <c>?watch=true</c>: a chunked stream of newline-delimited <c>{"type":..,"object":..}</c> events, each flushed at once.
/// A too-old resourceVersion gets a single ERROR event with a 410 Expired Status, then the stream ends.
/// </summary>
internal sealed class WatchHandler(SimulatorContext sim, CancellationToken serverStopping)
{
    public async Task WatchAsync(ResourceRequest req)
    {
        var http = req.Http;
        var labels = LabelSelector.Parse(req.QueryValue("labelSelector"));
        var fields = FieldSelector.Parse(req.QueryValue("fieldSelector"));
        var bookmarks = req.QueryValue("allowWatchBookmarks") is "true" or "1";
        var sendInitialEvents = req.QueryValue("sendInitialEvents") is "true" or "1";
        var timeout = int.TryParse(req.QueryValue("timeoutSeconds"), out var t) && t > 0 ? TimeSpan.FromSeconds(t) : Timeout.InfiniteTimeSpan;

        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        Store.WatchSubscription sub;
        try
        {
            // sendInitialEvents (the WatchList feature) always starts with the current state, whatever the RV says
            sub = sim.Store.Watch(req.Definition, req.Namespace, sendInitialEvents ? null : req.QueryValue("resourceVersion"));
        }
        catch (ApiException e) when (e.Code == 410)
        {
            await WriteLineAsync(http, "ERROR", StatusBody.From(e), CancellationToken.None);
            return;
        }

        using var _ = sub;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, serverStopping);
        if (timeout != Timeout.InfiniteTimeSpan) cts.CancelAfter(timeout);
        var ct = cts.Token;
        var nextBookmark = DateTime.UtcNow + sim.Options.WatchBookmarkInterval;
        var initialEventsPending = sendInitialEvents && bookmarks;
        try
        {
            // headers go out at once so clients see the watch established even before the first event
            await http.Response.StartAsync(ct);
            await http.Response.Body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                while (sub.Events.TryRead(out var e))
                {
                    var obj = (JsonObject)JsonNode.Parse(e.ObjectJson)!;
                    if (!labels.Matches(obj.Labels()) || !fields.Matches(obj)) continue;
                    obj["apiVersion"] = req.Definition.ApiVersion;
                    await WriteLineAsync(http, e.Type, obj, ct);
                }
                if (initialEventsPending)
                {
                    // tells a WatchList client that the synthetic ADDED events are over
                    var end = Bookmark(req);
                    end.Metadata()["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
                    await WriteLineAsync(http, "BOOKMARK", end, ct);
                    initialEventsPending = false;
                }
                if (bookmarks && DateTime.UtcNow >= nextBookmark)
                {
                    await WriteLineAsync(http, "BOOKMARK", Bookmark(req), ct);
                    nextBookmark = DateTime.UtcNow + sim.Options.WatchBookmarkInterval;
                }
                var wait = bookmarks ? nextBookmark - DateTime.UtcNow : TimeSpan.FromMinutes(10);
                using var waitCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                waitCts.CancelAfter(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
                try
                {
                    if (!await sub.Events.WaitToReadAsync(waitCts.Token)) break;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // time for a bookmark (or just a periodic wake-up)
                }
            }
        }
        catch (OperationCanceledException)
        {
            // client went away, timeoutSeconds elapsed or the server is stopping: the stream simply ends
        }
        catch (IOException)
        {
        }
    }

    private JsonObject Bookmark(ResourceRequest req) => new()
    {
        ["kind"] = req.Definition.Kind,
        ["apiVersion"] = req.Definition.ApiVersion,
        ["metadata"] = new JsonObject
        {
            ["resourceVersion"] = sim.Store.ResourceVersion.ToString(CultureInfo.InvariantCulture),
        },
    };

    private static async Task WriteLineAsync(Microsoft.AspNetCore.Http.HttpContext http, string type, JsonObject obj, CancellationToken ct)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj }.ToJsonString() + "\n";
        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
