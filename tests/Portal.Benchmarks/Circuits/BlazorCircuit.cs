using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Benchmarks.Circuits;

/// <summary>One open page, as blazor.web.js keeps it: the page's HTML is fetched (prerendered, with its component markers and
/// state), a hub connection starts the circuit and adds the page's interactive root components, every render batch is
/// acknowledged and every JavaScript call is answered (with null: there is no DOM). Closing it posts the circuit's
/// disconnect, as a browser does when the tab closes.</summary>
internal sealed partial class BlazorCircuit : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private readonly HttpClient _http;
    private readonly TaskCompletionSource _firstRender = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _circuitId;
    private volatile bool _closing;

    private BlazorCircuit(HttpClient http, Uri baseUri, CookieContainer cookies)
    {
        _http = http;
        var builder = new HubConnectionBuilder().WithUrl(new Uri(baseUri, "_blazor"), o => o.Cookies = cookies);
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        builder.Services.AddLogging(l => l.AddConsole(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning));
        _hub = builder.Build();
        _hub.On<long, byte[]>("JS.RenderBatch", async (batchId, _) =>
        {
            if (_closing) return;
            await _hub.SendAsync("OnRenderCompleted", batchId, null);
            _firstRender.TrySetResult();
        });
        // (asyncHandle, identifier, argsJson, resultType, targetInstanceId, callType): handle 0 is fire-and-forget; others wait for an answer.
        _hub.On<long, string, string, int, long, int>("JS.BeginInvokeJS", (handle, _, _, _, _, _) =>
            handle == 0 || _closing ? Task.CompletedTask : _hub.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,null]"));
        _hub.On<int, string>("JS.AttachComponent", (_, _) => { });
        _hub.On<long>("JS.EndUpdateRootComponents", _ => { });
        _hub.On<string>("JS.Error", error => _firstRender.TrySetException(new InvalidOperationException($"The circuit failed: {error}")));
    }

    public static async Task<BlazorCircuit> OpenAsync(HttpClient http, CookieContainer cookies, Uri baseUri, string path, CancellationToken ct)
    {
        var page = new Uri(baseUri, path);
        var html = await http.GetStringAsync(page, ct);
        var markers = Marker().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
            .Where(m => m["descriptor"] is not null).ToList();
        if (markers.Count == 0) throw new InvalidOperationException($"{path} has no interactive component (signed out?).");
        var state = State().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        var circuit = new BlazorCircuit(http, baseUri, cookies);
        await circuit._hub.StartAsync(ct);
        circuit._circuitId = await circuit._hub.InvokeAsync<string>("StartCircuit", baseUri.ToString(), page.ToString(), "[]", state, ct)
            ?? throw new InvalidOperationException("The server refused to start the circuit.");
        var operations = new JsonObject
        {
            ["batchId"] = 1,
            ["operations"] = new JsonArray([.. markers.Select((m, i) => (JsonNode)new JsonObject
            {
                ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = m.DeepClone(),
            })]),
        };
        await circuit._hub.SendAsync("UpdateRootComponents", operations.ToJsonString(), state, ct);
        await circuit._firstRender.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        return circuit;
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        if (_circuitId is not null)
        {
            using var form = new FormUrlEncodedContent([new("circuitId", _circuitId)]);
            try
            {
                using var answer = await _http.PostAsync("_blazor/disconnect", form);
                if (!answer.IsSuccessStatusCode) Console.Error.WriteLine($"disconnect of {_circuitId}: {(int)answer.StatusCode}");
            }
            catch (HttpRequestException) { }
        }
        await _hub.DisposeAsync();
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex State();
}
