using YamlDotNet.RepresentationModel;

namespace Portal.Deployment.Tests;

/// <summary>Small helpers over YamlDotNet's representation model (documents as plain trees).</summary>
internal static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents
            .Select(d => d.RootNode)
            .OfType<YamlMappingNode>()
            .ToList();
    }

    public static YamlNode? Get(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Str(this YamlNode? node, params string[] path) =>
        (node.Get(path) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Seq(this YamlNode? node, params string[] path) =>
        node.Get(path) is YamlSequenceNode seq ? seq.Children : [];

    public static IEnumerable<string> Strings(this YamlNode? node, params string[] path) =>
        node.Seq(path).OfType<YamlScalarNode>().Select(s => s.Value ?? "");

    public static IEnumerable<string> Keys(this YamlNode? node, params string[] path) =>
        node.Get(path) is YamlMappingNode map
            ? map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "")
            : [];

    public static string Kind(this YamlNode doc) => doc.Str("kind") ?? "";

    public static string Name(this YamlNode doc) => doc.Str("metadata", "name") ?? "";
}
