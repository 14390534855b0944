using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Portal.ClusterSimulator.Tests.Support;

/// <summary>
/// A raw HTTPS client for the simulator that trusts only the simulator's CA (as kubectl does with
/// certificate-authority-data) and sends its bearer token. Answers are (status code, parsed JSON body).
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(SimulatedCluster cluster, string? token = null, bool sendToken = true)
    {
        var ca = X509Certificate2.CreateFromPem(cluster.CaCertificatePem);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                if (cert is null) return false;
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(cert);
            },
        };
        _http = new HttpClient(handler) { BaseAddress = cluster.Url, Timeout = TimeSpan.FromSeconds(30) };
        if (sendToken) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? cluster.Token);
    }

    public Task<(HttpStatusCode Code, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, null);

    public Task<(HttpStatusCode Code, JsonNode? Body)> PostAsync(string path, JsonNode body) => SendAsync(HttpMethod.Post, path, body.ToJsonString(), "application/json");

    public Task<(HttpStatusCode Code, JsonNode? Body)> PutAsync(string path, JsonNode body) => SendAsync(HttpMethod.Put, path, body.ToJsonString(), "application/json");

    public Task<(HttpStatusCode Code, JsonNode? Body)> PatchAsync(string path, JsonNode body, string contentType) => SendAsync(HttpMethod.Patch, path, body.ToJsonString(), contentType);

    public Task<(HttpStatusCode Code, JsonNode? Body)> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null, null);

    /// <summary>Opens a watch and returns the response stream reader (the caller reads lines).</summary>
    public async Task<(HttpResponseMessage Response, StreamReader Reader)> OpenWatchAsync(string pathAndQuery, CancellationToken ct)
    {
        var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, pathAndQuery), HttpCompletionOption.ResponseHeadersRead, ct);
        var stream = await response.Content.ReadAsStreamAsync(ct);
        return (response, new StreamReader(stream, Encoding.UTF8));
    }

    /// <summary>The raw response, for tests that look at headers.</summary>
    public async Task<HttpResponseMessage> RawAsync(HttpMethod method, string path, string? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return await _http.SendAsync(request);
    }

    public async Task<(HttpStatusCode Code, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? body, string? contentType)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? parsed = null;
        try
        {
            parsed = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            parsed = JsonValue.Create(text);
        }
        return (response.StatusCode, parsed);
    }

    public void Dispose() => _http.Dispose();
}
