using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Objects;
using Portal.Moves.Transform;

namespace Portal.Moves.Classification;

/// <summary>
/// Classifies one application from its exported objects (as the API server returns them, owned objects
/// included): its claims, its databases, the GitOps object that manages it, and which of the objects a GitOps
/// redeploy would not recreate (no GitOps mark, and not something the target or a controller makes by itself).
/// </summary>
public static class ApplicationClassifier
{
    /// <param name="gitOpsObject">The Argo CD Application, Flux Kustomization or HelmRelease that deploys the
    /// application, when the plan names one; otherwise the objects' own marks are read.</param>
    public static ApplicationProfile Classify(IReadOnlyList<JsonObject> exported, JsonObject? gitOpsObject = null)
    {
        ArgumentNullException.ThrowIfNull(exported);
        var databases = DatabaseDetection.Find(exported);
        var claims = ClaimDetection.Find(exported, databases);
        var gitOps = GitOpsDetection.Find(exported, gitOpsObject);
        var unmanaged = gitOps is null ? [] : NotManaged(exported, gitOps);
        return new ApplicationProfile(claims, databases, gitOps, unmanaged);
    }

    private static IReadOnlyList<ObjectKey> NotManaged(IReadOnlyList<JsonObject> exported, GitOpsManagement gitOps)
    {
        var index = new ExportIndex(exported);
        var statefulSets = exported.Where(o => o.StringProperty("kind") == "StatefulSet").ToList();
        return exported
            .Where(o => LeaveOutRules.Reason(o, index) is null)
            .Where(o => !GitOpsDetection.IsManagedBy(o, gitOps))
            .Select(o => (Object: o, Key: ObjectKey.Of(o)))
            // Namespaces are often created by the GitOps tool itself (CreateNamespace); claims made by a StatefulSet
            // or owned by an operator come back with their owner.
            .Where(p => p.Key is not { Group: "", Kind: "Namespace" })
            .Where(p => p.Key is not { Group: "", Kind: "PersistentVolumeClaim" }
                || (!ClaimDetection.IsFromTemplate(p.Key.Name, statefulSets) && p.Object.Metadata().Arr("ownerReferences") is not { Count: > 0 }))
            .Select(p => p.Key)
            .ToList();
    }
}
