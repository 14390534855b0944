namespace Portal.Application.Abstractions.Clusters;

/// <summary>Everything needed to reach one cluster: the decrypted kubeconfig, held only in memory.</summary>
public sealed record ClusterConnection(Guid ClusterId, string ClusterName, string Kubeconfig)
{
    public override string ToString() => $"cluster {ClusterName}"; // never print the kubeconfig
}

/// <summary>What a kubeconfig says, once parsed and checked (no credentials in here).</summary>
public sealed record ParsedKubeconfig(string ServerUrl, bool UsesBearerToken, bool UsesClientCertificate,
    bool InsecureSkipTlsVerify, string? ContextName);
