using Microsoft.AspNetCore.Http;
using Portal.ClusterSimulator.Api;

namespace Portal.ClusterSimulator.Hosting;

/// <summary>Bearer-token authentication and the request-level faults (hang, 5xx, rejected token).</summary>
internal static class ApiMiddleware
{
    /// <summary>Open without a bearer token; download files carry their own secret in the path, as a pre-signed URL does.</summary>
    private static readonly string[] AnonymousPaths = ["/version", "/healthz", "/livez", "/readyz", Velero.DownloadFiles.PathPrefix.TrimEnd('/')];

    /// <summary>One console line per request, written when the response starts (watches log when they open).</summary>
    public static Task LogAsync(HttpContext http, RequestDelegate next)
    {
        var started = DateTime.UtcNow;
        http.Response.OnStarting(() =>
        {
            Console.WriteLine($"{started:HH:mm:ss.fff} {http.Request.Method} {http.Request.Path}{http.Request.QueryString} -> {http.Response.StatusCode}");
            return Task.CompletedTask;
        });
        return next(http);
    }

    public static async Task FaultsAsync(HttpContext http, SimulatorFaults faults, Func<Task> next)
    {
        if (faults.IsLost)
        {
            // lost for good: the connection is dropped without an answer, every time
            faults.CountContactSinceLost();
            http.Abort();
            return;
        }
        if (faults.HangRequests)
        {
            // hold the request until the client gives up or the fault is cleared
            while (faults.HangRequests && !http.RequestAborted.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(50, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        if (faults.TakeRequestFailure((http.Request.Path.Value ?? "") + http.Request.QueryString.Value) is { } code)
        {
            var (reason, message) = code switch
            {
                503 => ("ServiceUnavailable", "the server is currently unable to handle the request"),
                429 => ("TooManyRequests", "the server has received too many requests and has asked us to try again later"),
                504 => ("Timeout", "the server was unable to return a response in the time allotted"),
                _ => ("InternalError", "an error on the server (\"simulated fault\") has prevented the request from succeeding"),
            };
            await HttpJson.WriteAsync(http, code, StatusBody.Failure(code, reason, message));
            return;
        }
        await next();
    }

    public static async Task AuthenticateAsync(HttpContext http, string token, SimulatorFaults faults, Func<Task> next)
    {
        var path = http.Request.Path.Value ?? "";
        if (AnonymousPaths.Any(p => path == p || path.StartsWith(p + "/", StringComparison.Ordinal)))
        {
            await next();
            return;
        }
        var header = http.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (faults.RejectToken || presented is null || !CryptoEquals(presented, token))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await HttpJson.WriteAsync(http, 401, StatusBody.Unauthorized());
            return;
        }
        await next();
    }

    private static bool CryptoEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b));
}
