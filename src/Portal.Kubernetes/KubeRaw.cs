using System.Net.Http.Headers;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace Portal.Kubernetes;

/// <summary>A plain GET of any API path with the client's own connection, TLS and credential, for the discovery
/// documents KubernetesClient has no typed call for (<c>/apis/&lt;group&gt;/&lt;version&gt;</c> of any group). Failures
/// are thrown as KubernetesClient's own <see cref="HttpOperationException"/>, so <see cref="ClusterErrorMapper"/> words
/// them like every other call.</summary>
internal static class KubeRaw
{
    public static async Task<JsonElement> GetJsonAsync(IKubernetes client, string path, CancellationToken ct)
    {
        if (client is not k8s.Kubernetes kubernetes)
        {
            throw new InvalidOperationException($"Raw API reads need a {typeof(k8s.Kubernetes).FullName}, not {client.GetType().Name}.");
        }

        // Keeps a path prefix in the server URL (a proxy such as Rancher serves clusters under one).
        var uri = new Uri(kubernetes.BaseUri.ToString().TrimEnd('/') + "/" + path.TrimStart('/'));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, ct).ConfigureAwait(false);
        }

        using var response = await kubernetes.HttpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        var content = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpOperationException($"GET {path} answered {(int)response.StatusCode}")
            {
                Request = new HttpRequestMessageWrapper(request, null),
                Response = new HttpResponseMessageWrapper(response, content),
            };
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new NotKubernetesApiException(path, (int)response.StatusCode, ForeignAnswer.Describe(content));
        }
    }
}
