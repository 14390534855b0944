using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Portal.IntegrationTests.Notifications;

/// <summary>A real HTTP receiver on 127.0.0.1: records every POST (headers and body) and answers with the next status code
/// of <see cref="Answers"/> (200 once they run out).</summary>
public sealed class LocalReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public LocalReceiver()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public string Url { get; }
    public ConcurrentQueue<int> Answers { get; } = new();
    public ConcurrentQueue<(Dictionary<string, string> Headers, string Body, int Answer)> Received { get; } = new();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var answer = Answers.TryDequeue(out var a) ? a : 200;
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!);
            Received.Enqueue((headers, body, answer));
            context.Response.StatusCode = answer;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}
