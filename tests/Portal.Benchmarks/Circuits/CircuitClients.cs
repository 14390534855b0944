using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Benchmarks.Circuits;

/// <summary>The browsers' side of the circuits benchmark, in a process of its own so that the portal's heap holds only the
/// portal: reads commands on stdin ("open N" opens circuits until N are open, "close" closes them all) and answers each on
/// stdout when it is done.</summary>
internal static partial class CircuitClients
{
    public static async Task<int> RunAsync(string[] args)
    {
        var baseUri = new Uri(Bench.Arg(args, "--url", "") is { Length: > 0 } url ? url : throw new ArgumentException("--url is required"));
        var user = Bench.Arg(args, "--user", "sam");
        var path = Bench.Arg(args, "--page", "/requests");
        var cookies = new CookieContainer();
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = true, MaxConnectionsPerServer = 64 })
            { BaseAddress = baseUri };
        await SignInAsync(http, user);

        var open = new List<BlazorCircuit>();
        while (Console.ReadLine() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words is ["open", var count])
            {
                var target = int.Parse(count);
                // A few at a time, as people arriving would: the portal is not measured on a burst of a thousand at once.
                while (open.Count < target)
                {
                    var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(8, target - open.Count))
                        .Select(_ => BlazorCircuit.OpenAsync(http, cookies, baseUri, path, CancellationToken.None)));
                    open.AddRange(batch);
                }
                Console.WriteLine($"open {open.Count}");
            }
            else if (words is ["close"])
            {
                foreach (var chunk in open.Chunk(16)) await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
                open.Clear();
                Console.WriteLine("closed");
            }
            else if (words is ["quit"]) break;
        }
        return 0;
    }

    /// <summary>The development sign-in form, as a person clicks it: its antiforgery token, then the post that sets the cookie.</summary>
    private static async Task SignInAsync(HttpClient http, string user)
    {
        var form = await http.GetStringAsync("account/signin");
        var token = Antiforgery().Match(form) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException("The sign-in page has no antiforgery token: is development sign-in on?");
        using var body = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("user", user), new("returnUrl", "/")]);
        using var answer = await http.PostAsync("auth/dev-signin", body);
        answer.EnsureSuccessStatusCode();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
