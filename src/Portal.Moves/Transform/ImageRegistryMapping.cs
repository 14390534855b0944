using System.Text.Json.Nodes;
using Portal.Moves.Objects;

namespace Portal.Moves.Transform;

/// <summary>
/// Moves container images to another registry: containers, initContainers and ephemeralContainers of every pod
/// spec. The longest matching key wins; a key matches a whole path prefix (<c>registry.old.example.com</c> does not
/// match <c>registry.old.example.com.evil/x</c>). Short Docker Hub names (<c>nginx:1.27</c>,
/// <c>bitnami/redis</c>) belong to <c>docker.io</c> (<c>docker.io/library/nginx</c>).
/// </summary>
internal static class ImageRegistryMapping
{
    public static void Apply(JsonObject obj, IReadOnlyDictionary<string, string> registries)
    {
        if (registries.Count == 0) return;
        foreach (var container in PodSpecs.Of(obj).SelectMany(PodSpecs.Containers))
        {
            if (container.StringProperty("image") is { } image && Map(image, registries) is { } mapped) container["image"] = mapped;
        }
    }

    /// <summary>The image in its new registry, or null when no mapping applies.</summary>
    public static string? Map(string image, IReadOnlyDictionary<string, string> registries)
    {
        var full = FullName(image);
        foreach (var (from, to) in registries.OrderByDescending(p => p.Key.Length))
        {
            if (full.StartsWith(from + "/", StringComparison.Ordinal)) return to + full[from.Length..];
        }
        return null;
    }

    /// <summary>The image with its registry spelled out: <c>nginx</c> → <c>docker.io/library/nginx</c>.</summary>
    public static string FullName(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0) return "docker.io/library/" + image;
        var first = image[..slash];
        var isRegistry = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
        return isRegistry ? image : "docker.io/" + image;
    }
}
