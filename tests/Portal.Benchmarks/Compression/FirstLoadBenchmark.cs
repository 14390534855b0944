using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Portal.Benchmarks.Compression;

/// <summary>Bytes on the wire for a page's first load (docs/benchmarks.md): signs in to a running portal through the
/// development sign-in, fetches each page and every stylesheet and script it links, and sums the bodies as sent (no
/// decompression on this side) three ways: nothing compressed (no Accept-Encoding), the page plain but its assets
/// compressed (what the portal sent before pages were compressed: MapStaticAssets already served pre-compressed assets),
/// and everything compressed (Accept-Encoding: br, gzip, as a browser asks). Blazor's WebSocket traffic after the load is
/// not counted.
/// Usage: dotnet run -c Release --project tests/Portal.Benchmarks -- first-load --url http://127.0.0.1:5181 [--user priya]
/// [--pages /,/requests,/namespaces].</summary>
internal static partial class FirstLoadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(Bench.Arg(args, "--url", "http://127.0.0.1:5080"));
        var user = Bench.Arg(args, "--user", "priya");
        var pages = Bench.Arg(args, "--pages", "/,/requests,/namespaces").Split(',');
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None, CookieContainer = new CookieContainer(), AllowAutoRedirect = false,
        }) { BaseAddress = url };
        await SignInAsync(client, user);

        Console.WriteLine("| page | resources | nothing compressed | page plain, assets compressed (before) | all compressed (after) | after / before |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var page in pages)
        {
            var (html, plainPage, _) = await FetchAsync(client, page, null);
            var (_, compressedPage, _) = await FetchAsync(client, page, "br, gzip");
            var assets = Assets().Matches(html).Select(m => m.Groups["href"].Value).Distinct().ToList();
            long plainAssets = 0, compressedAssets = 0;
            foreach (var asset in assets)
            {
                var path = asset.StartsWith('/') ? asset : "/" + asset;
                var plainBytes = (await FetchAsync(client, path, null)).Bytes;
                var (_, compressedBytes, encoding) = await FetchAsync(client, path, "br, gzip");
                plainAssets += plainBytes;
                compressedAssets += compressedBytes;
                Console.Error.WriteLine($"  {path}: {plainBytes / 1024.0:0.0} KB plain, {compressedBytes / 1024.0:0.0} KB as {encoding}");
            }
            var before = plainPage + compressedAssets;
            var after = compressedPage + compressedAssets;
            Console.WriteLine($"| {page} (HTML {plainPage / 1024.0:0.0} KB -> {compressedPage / 1024.0:0.0} KB) | {assets.Count + 1} | {(plainPage + plainAssets) / 1024.0:0} KB | " +
                $"{before / 1024.0:0} KB | {after / 1024.0:0} KB | {(double)after / before:0.00} |");
        }
        return 0;
    }

    private static async Task<(string Text, long Bytes, string Encoding)> FetchAsync(HttpClient client, string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
            foreach (var e in acceptEncoding.Split(", ")) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(e));
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {response.Headers.Location}");
        var body = await response.Content.ReadAsByteArrayAsync();
        var encoding = string.Join(",", response.Content.Headers.ContentEncoding);
        return (encoding.Length == 0 ? System.Text.Encoding.UTF8.GetString(body) : "", body.Length, encoding.Length == 0 ? "identity" : encoding);
    }

    private static async Task SignInAsync(HttpClient client, string user)
    {
        var (form, _, _) = await FetchAsync(client, "/account/signin", null);
        var token = Token().Match(form);
        if (!token.Success) throw new InvalidOperationException("No development sign-in form: run the portal in Development with Authentication:DevelopmentSignIn:Enabled.");
        var signIn = await client.PostAsync("/auth/dev-signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["v"].Value), ["user"] = user, ["returnUrl"] = "/",
        }));
        if (signIn.Headers.Location?.ToString().Contains("error", StringComparison.Ordinal) ?? true)
            throw new InvalidOperationException($"Sign-in as {user} failed: {signIn.StatusCode} {signIn.Headers.Location}");
    }

    [GeneratedRegex("<(?:link[^>]*href|script[^>]*src)=\"(?<href>[^\"]+\\.(?:css|js))\"")]
    private static partial Regex Assets();

    [GeneratedRegex("name=\"__RequestVerificationToken\"(?: type=\"hidden\")? value=\"(?<v>[^\"]+)\"")]
    private static partial Regex Token();
}
