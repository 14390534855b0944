using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Moves;

public sealed partial class KubernetesMigrationGateway
{
    /// <summary>
    /// Server-side apply (<see cref="ServerSideApply"/>) with strict field validation (a field the target does not know
    /// is refused, not silently pruned). When the name is taken: an object carrying the same owner label value is the
    /// portal's own (a retry, or a re-run of the wave) and is applied again; any other is left as it is and reported
    /// (<see cref="ApplyPolicy.LeaveForeignAsItIs"/>: a move never overwrites what the target already runs).
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(ClusterConnection cluster, JsonObject obj, KeyValuePair<string, string> ownerLabel,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrWhiteSpace(ownerLabel.Key);
        var apiVersion = Text(obj["apiVersion"]);
        var kind = Text(obj["kind"]);
        var name = Text(obj["metadata"]?["name"]);
        if (string.IsNullOrWhiteSpace(apiVersion) || string.IsNullOrWhiteSpace(kind) || string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("The object needs apiVersion, kind and metadata.name.", nameof(obj));
        }

        if (Text(obj["metadata"]?["labels"]?[ownerLabel.Key]) != ownerLabel.Value)
        {
            throw new ArgumentException($"{kind} {name} does not carry the owner label {ownerLabel.Key}={ownerLabel.Value}.", nameof(obj));
        }

        var resource = await _discovery.ResolveAsync(cluster, apiVersion, kind, ct).ConfigureAwait(false)
            ?? throw new ClusterAccessException(ClusterFault.ToolMissing,
                $"{Capitalise(cluster.ToString())} does not serve {kind} of apiVersion {apiVersion} (its API or CRD is not installed), " +
                $"so {kind} {name} cannot be created there.");
        var ns = Scope(resource, Text(obj["metadata"]?["namespace"]), name);
        var target = new ApplyTarget(resource.Group, resource.Version, resource.Plural, resource.Kind, ns, name, $"a {resource.Kind}");
        try
        {
            var result = await ServerSideApply.ApplyAsync(_clients, _logger, cluster, target, obj,
                new ApplyOwnership(ownerLabel.Key, ownerLabel.Value, "this move"), ApplyPolicy.LeaveForeignAsItIs, ct).ConfigureAwait(false);
            return result.Outcome switch
            {
                ApplyOutcome.Created => ApplyResult.Created,
                ApplyOutcome.LeftForeign => ApplyResult.LeftExisting,
                _ => ApplyResult.Updated,
            };
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound && ns is not null)
        {
            throw new ClusterAccessException(ClusterFault.NotFound,
                $"The namespace '{ns}' does not exist on {cluster}, so {kind} {name} cannot be created there " +
                "(apply its Namespace first).", e);
        }
    }

    /// <summary>The portal's own fields on an existing object someone else made (<see cref="ServerSideApply.ApplyFieldsAsync"/>):
    /// false when it (or its type) does not exist; nothing is created.</summary>
    public async Task<bool> ApplyFieldsAsync(ClusterConnection cluster, JsonObject fields, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(fields);
        var apiVersion = Text(fields["apiVersion"]);
        var kind = Text(fields["kind"]);
        var name = Text(fields["metadata"]?["name"]);
        if (string.IsNullOrWhiteSpace(apiVersion) || string.IsNullOrWhiteSpace(kind) || string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("The fields need apiVersion, kind and metadata.name.", nameof(fields));
        var resource = await _discovery.ResolveAsync(cluster, apiVersion, kind, ct).ConfigureAwait(false);
        if (resource is null) return false;
        var ns = Scope(resource, Text(fields["metadata"]?["namespace"]), name);
        var target = new ApplyTarget(resource.Group, resource.Version, resource.Plural, resource.Kind, ns, name, $"a {resource.Kind}");
        return await ServerSideApply.ApplyFieldsAsync(_clients, _logger, cluster, target, fields, ct).ConfigureAwait(false) is not null;
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
