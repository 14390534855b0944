using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Migrations;

public sealed partial class KubernetesMigrationGateway
{
    /// <summary>A PUT that loses a race (409, stale resourceVersion) reads the object again; this many rounds at most.</summary>
    private const int ReplaceAttempts = 3;

    /// <summary>
    /// Create with strict field validation (a field the target does not know is refused, not silently pruned). When the
    /// name is taken: an object carrying the same owner label value is the portal's own (a retry, or a re-run of the
    /// wave) and is replaced (<see cref="MigrationReplacement"/>); any other is left as it is.
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
        var body = MigrationReplacement.ForCreate(obj);
        try
        {
            await CallAsync(cluster, new KubeOperation("create", resource.Describe(), ns, name), (k, c) => ns is null
                ? k.CustomObjects.CreateClusterCustomObjectAsync(body, resource.Group, resource.Version, resource.Plural,
                    fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: c)
                : k.CustomObjects.CreateNamespacedCustomObjectAsync(body, resource.Group, resource.Version, ns, resource.Plural,
                    fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: c), ct).ConfigureAwait(false);
            _logger.LogInformation("Created {Kind} {Name} in {Namespace} on {Cluster}", kind, name, ns ?? "(cluster)", cluster.ClusterName);
            return ApplyResult.Created;
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.Conflict)
        {
            return await ReplaceOwnAsync(cluster, resource, obj, ns, name, ownerLabel, e, ct).ConfigureAwait(false);
        }
        catch (ClusterAccessException e) when (e.Fault == ClusterFault.NotFound && ns is not null)
        {
            throw new ClusterAccessException(ClusterFault.NotFound,
                $"The namespace '{ns}' does not exist on {cluster}, so {kind} {name} cannot be created there " +
                "(apply its Namespace first).", e);
        }
    }

    private async Task<ApplyResult> ReplaceOwnAsync(ClusterConnection cluster, ApiResource resource, JsonObject desired, string? ns,
        string name, KeyValuePair<string, string> ownerLabel, ClusterAccessException conflict, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await GetAsync(cluster, resource, ns, name, ct).ConfigureAwait(false)
                ?? throw new ClusterAccessException(ClusterFault.Conflict,
                    $"{resource.Kind} {name} on {cluster} was reported to exist but is gone; apply it again.", conflict);
            if (Text(existing["metadata"]?["labels"]?[ownerLabel.Key]) != ownerLabel.Value)
            {
                _logger.LogInformation("{Kind} {Name} in {Namespace} on {Cluster} exists and is not the portal's ({Label}); left as it is",
                    resource.Kind, name, ns ?? "(cluster)", cluster.ClusterName, ownerLabel.Key);
                return ApplyResult.LeftExisting;
            }

            var replacement = MigrationReplacement.ForReplace(desired, existing);
            try
            {
                await CallAsync(cluster, new KubeOperation("replace", resource.Describe(), ns, name), (k, c) => ns is null
                    ? k.CustomObjects.ReplaceClusterCustomObjectAsync(replacement, resource.Group, resource.Version, resource.Plural, name,
                        fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: c)
                    : k.CustomObjects.ReplaceNamespacedCustomObjectAsync(replacement, resource.Group, resource.Version, ns, resource.Plural,
                        name, fieldManager: FieldManager, fieldValidation: "Strict", cancellationToken: c), ct).ConfigureAwait(false);
                _logger.LogInformation("Replaced {Kind} {Name} in {Namespace} on {Cluster}", resource.Kind, name, ns ?? "(cluster)",
                    cluster.ClusterName);
                return ApplyResult.Updated;
            }
            catch (ClusterAccessException e) when (e.Fault == ClusterFault.Conflict && attempt < ReplaceAttempts)
            {
                _logger.LogDebug("{Kind} {Name} changed while being replaced; reading it again", resource.Kind, name);
            }
        }
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
