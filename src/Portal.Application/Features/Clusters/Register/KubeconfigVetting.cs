using System.Net;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Domain.Clusters;

namespace Portal.Application.Features.Clusters.Register;

/// <summary>A kubeconfig that passed every check and answered as a Kubernetes API server.</summary>
public sealed record VettedKubeconfig(ParsedKubeconfig Parsed, string NormalizedServerUrl, ClusterProbe Probe, ClusterCapabilities Capabilities)
{
    public ClusterAuthKind AuthKind => Parsed.UsesClientCertificate && !Parsed.UsesBearerToken ? ClusterAuthKind.ClientCertificate : ClusterAuthKind.BearerToken;
}

/// <summary>What registration and credential rotation both check before anything is stored: the kubeconfig is well
/// formed, its server is https (unless insecure http is explicitly allowed) and not a link-local or metadata address
/// (the host name resolved first), and the server answers as a Kubernetes API server to this credential.
/// Nothing is written: a kubeconfig that fails leaves no trace but the message.</summary>
public sealed class KubeconfigVetting(IClusterGateway gateway)
{
    public async Task<Result<VettedKubeconfig>> VetAsync(string? kubeconfig, string clusterName, bool allowInsecureHttp, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(kubeconfig)) return Error.Validation("Paste or upload the cluster's kubeconfig.");
        if (InputLimits.ExplainTooLong(kubeconfig, InputLimits.KubeconfigFileBytes, "kubeconfig") is { } tooLong) return Error.Validation(tooLong);
        ParsedKubeconfig parsed;
        try
        {
            parsed = gateway.ParseKubeconfig(kubeconfig);
        }
        catch (ClusterAccessException ex)
        {
            return Error.Validation($"The kubeconfig cannot be used: {ex.Message}");
        }
        if (ServerAddressPolicy.ExplainUrl(parsed.ServerUrl, allowInsecureHttp) is { } refused) return Error.Validation(refused);

        var host = new Uri(parsed.ServerUrl).IdnHost.Trim('[', ']');
        if (!IPAddress.TryParse(host, out _))
        {
            IReadOnlyList<IPAddress> addresses;
            try
            {
                addresses = await gateway.ResolveServerAsync(host, ct);
            }
            catch (ClusterAccessException ex)
            {
                return Error.Validation($"The server host '{host}' cannot be resolved: {ex.Message}");
            }
            foreach (var address in addresses)
                if (ServerAddressPolicy.ExplainAddress(address, host) is { } why) return Error.Validation(why);
        }

        // A connection that belongs to no cluster yet: nothing is stored until it answers.
        var trial = new ClusterConnection(Guid.NewGuid(), clusterName, kubeconfig);
        try
        {
            var probe = await gateway.ProbeAsync(trial, ct);
            var capabilities = await gateway.DiscoverAsync(trial, ct);
            return new VettedKubeconfig(parsed, ServerAddressPolicy.Normalize(parsed.ServerUrl), probe, capabilities);
        }
        catch (ClusterAccessException ex)
        {
            return Error.Validation($"The portal could not use this kubeconfig, so nothing was saved. {ClusterConnections.Explain(ex, clusterName)}");
        }
    }
}
