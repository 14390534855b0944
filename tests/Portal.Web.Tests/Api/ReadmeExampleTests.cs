using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.Web.Tests.Http;

namespace Portal.Web.Tests.Api;

/// <summary>The README's curl example, run against the real API: its commands are read from the README (method, address,
/// headers, body, the jq paths it reads) and sent with HttpClient, so the example cannot drift from what the API answers.</summary>
[Collection(PortalHttpCollection.Name)]
public sealed partial class ReadmeExampleTests(ApiPortal portal) : IClassFixture<ApiPortal>
{
    private const string Heading = "Ask for a backup of a namespace before a release and follow it";

    private sealed record Curl(string Method, string Url, IReadOnlyList<(string Name, string Value)> Headers, string? Body, string? WriteOut, string? Jq);

    [Fact]
    public async Task ReadmesCurlExample_AsksForABackupWithAToken_AndFollowsTheRequest()
    {
        var script = ExampleScript();
        var curls = CurlsOf(script);
        Assert.Equal(3, curls.Count); // find the namespace, ask, follow
        var token = await portal.TokenAsync("alice", "readme example", portal.Webshop, Permission.ViewTenant, Permission.RequestBackup);
        var vars = new Dictionary<string, string> { ["PORTAL"] = portal.BaseUrl.ToString().TrimEnd('/'), ["TOKEN"] = token };
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        // NS=$(curl … "$PORTAL/api/v1/namespaces" | jq -r '.[] | select(.namespace == "shop-frontend") | .id')
        var list = curls[0];
        using var listed = await SendAsync(http, list, vars);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var select = JqSelect().Match(list.Jq ?? "");
        Assert.True(select.Success, $"The README's first jq filter is not `.[] | select(.x == \"y\") | .z`: {list.Jq}");
        var items = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        var ns = items.Single(i => i.GetProperty(select.Groups["key"].Value).GetString() == select.Groups["value"].Value)
            .GetProperty(select.Groups["take"].Value).GetString()!;
        Assert.Equal(portal.ShopNamespace.ToString(), ns);
        vars["NS"] = ns;

        // REQUEST=$(curl -X POST … -w '%header{location}' "$PORTAL/api/v1/namespaces/$NS/backups")
        var ask = curls[1];
        Assert.Equal("POST", ask.Method);
        Assert.Contains(ask.Headers, h => h.Name == "Idempotency-Key");
        Assert.Equal("%header{location}", ask.WriteOut);
        using var asked = await SendAsync(http, ask, vars);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var request = asked.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/v1/requests/", request);
        using (var retried = await SendAsync(http, ask, vars)) // the example's Idempotency-Key: running it twice asks once
            Assert.Equal(request, retried.Headers.Location!.OriginalString);
        vars["REQUEST"] = request;

        // until STATUS=$(curl … "$PORTAL$REQUEST" | jq -r .summary.status); [[ $STATUS =~ ^(…)$ ]]
        var follow = curls[2];
        using var followed = await SendAsync(http, follow, vars);
        Assert.Equal(HttpStatusCode.OK, followed.StatusCode);
        var status = JsonPath(JsonDocument.Parse(await followed.Content.ReadAsStringAsync()).RootElement, follow.Jq!);
        Assert.Equal(nameof(RequestStatus.PendingApproval), status); // Webshop's backups wait for an SRE, as the example's comment says

        var loop = UntilStatuses().Match(script);
        Assert.True(loop.Success, "The README's loop no longer ends on a list of statuses.");
        var endsOn = loop.Groups["statuses"].Value.Split('|').Order().ToList();
        Assert.Equal(Enum.GetValues<RequestStatus>().Where(s => s.IsTerminal()).Select(s => s.ToString()).Order().ToList(), endsOn);
        var comment = CommentStatuses().Match(script);
        Assert.True(comment.Success, "The README's loop no longer says which statuses it passes through.");
        foreach (Match named in WordRegex().Matches(comment.Groups["names"].Value))
            Assert.True(Enum.TryParse<RequestStatus>(named.Value, out _), $"The README's comment names a status the API does not have: {named.Value}");
    }

    private static string ExampleScript()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md")).Replace("\r\n", "\n");
        var at = readme.IndexOf(Heading, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md no longer has the example \"{Heading}\".");
        var start = readme.IndexOf("```bash\n", at, StringComparison.Ordinal) + "```bash\n".Length;
        var end = readme.IndexOf("\n```", start, StringComparison.Ordinal);
        return readme[start..end].Replace("\\\n", " ");
    }

    /// <summary>Every curl command of the script, with the jq filter it is piped to.</summary>
    private static List<Curl> CurlsOf(string script)
    {
        var found = new List<Curl>();
        foreach (Match m in CurlCommand().Matches(script))
        {
            var words = Words(m.Groups["args"].Value);
            string method = "GET", url = "";
            string? body = null, writeOut = null;
            var headers = new List<(string, string)>();
            for (var i = 0; i < words.Count; i++)
            {
                switch (words[i])
                {
                    case "-X": method = words[++i]; break;
                    case "-H":
                        var header = words[++i];
                        headers.Add((header[..header.IndexOf(':')].Trim(), header[(header.IndexOf(':') + 1)..].Trim()));
                        break;
                    case "-d": body = words[++i]; method = method == "GET" ? "POST" : method; break;
                    case "-w": writeOut = words[++i]; break;
                    case "-o": i++; break;
                    default:
                        if (words[i].StartsWith("$PORTAL", StringComparison.Ordinal)) url = words[i];
                        break;
                }
            }
            var jq = m.Groups["jq"].Success ? Words(m.Groups["jq"].Value).FirstOrDefault(w => w.StartsWith('.')) : null;
            found.Add(new Curl(method, url, headers, body, writeOut, jq));
        }
        return found;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Curl curl, IReadOnlyDictionary<string, string> vars)
    {
        string Expand(string s) => ShellVariable().Replace(s, v => vars.TryGetValue(v.Groups[1].Value, out var value) ? value
            : throw new InvalidOperationException($"The README's example uses ${v.Groups[1].Value} before it is set."));
        using var message = new HttpRequestMessage(new HttpMethod(curl.Method), Expand(curl.Url));
        string? contentType = null;
        foreach (var (name, value) in curl.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = Expand(value);
            else if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                message.Headers.Authorization = AuthenticationHeaderValue.Parse(Expand(value));
            else message.Headers.Add(name, Expand(value));
        }
        Assert.Equal("Bearer", message.Headers.Authorization?.Scheme);
        if (curl.Body is not null)
        {
            using var _ = JsonDocument.Parse(curl.Body); // the example's body is JSON
            message.Content = new StringContent(curl.Body, Encoding.UTF8);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/x-www-form-urlencoded");
        }
        return await http.SendAsync(message);
    }

    private static string? JsonPath(JsonElement root, string path)
    {
        var at = root;
        foreach (var part in path.TrimStart('.').Split('.')) at = at.GetProperty(part);
        return at.GetString();
    }

    /// <summary>Shell words: single quotes literal, double quotes kept with their variables, bare words.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                var close = text.IndexOf(c, i + 1);
                current.Append(text, i + 1, close - i - 1);
                i = close;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }
        if (inWord) words.Add(current.ToString());
        return words;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Portal.sln not found above the test's folder.");
    }

    [GeneratedRegex(@"curl (?<args>[^|)\n]*)(\|\s*jq (-r )?(?<jq>'[^']*'|[^\s);]+))?")]
    private static partial Regex CurlCommand();

    [GeneratedRegex(@"\.\[\] \| select\(\.(?<key>\w+) == ""(?<value>[^""]+)""\) \| \.(?<take>\w+)")]
    private static partial Regex JqSelect();

    [GeneratedRegex(@"\^\((?<statuses>[A-Za-z|]+)\)\$")]
    private static partial Regex UntilStatuses();

    [GeneratedRegex(@"#\s*(?<names>PendingApproval[^\n]*)")]
    private static partial Regex CommentStatuses();

    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"\$\{?([A-Z_]+)\}?")]
    private static partial Regex ShellVariable();
}
