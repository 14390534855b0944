using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Portal.Moves.Transform;

/// <summary>
/// Renders objects as multi-document YAML (each document starts with <c>---</c>) for viewing and download.
/// Keys come in a stable order: <c>apiVersion</c>, <c>kind</c>, <c>metadata</c> first at the top, <c>name</c> and
/// <c>namespace</c> first in metadata, <c>name</c> first elsewhere, the rest in ordinal order. A string stays
/// plain only when no YAML reader could take it for anything else (<c>"true"</c>, <c>"0755"</c>, <c>"1.10"</c>,
/// <c>"2024-01-01"</c> are quoted); multi-line strings become literal blocks.
/// </summary>
public static partial class ManifestYaml
{
    private static readonly string[] RootFirst = ["apiVersion", "kind", "metadata"];
    private static readonly string[] MetadataFirst = ["name", "namespace"];
    private static readonly string[] OtherFirst = ["name"];

    private static readonly HashSet<string> SpecialWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    };

    public static string Render(IEnumerable<JsonObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var text = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(text, new EmitterSettings().WithBestWidth(int.MaxValue).WithIndentedSequences());
        emitter.Emit(new StreamStart());
        foreach (var obj in objects)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            EmitMapping(emitter, obj, RootFirst);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void EmitNode(IEmitter emitter, JsonNode? node, string? key)
    {
        switch (node)
        {
            case JsonObject o:
                EmitMapping(emitter, o, key == "metadata" ? MetadataFirst : OtherFirst);
                break;
            case JsonArray a:
                emitter.Emit(new SequenceStart(null, null, true, a.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in a) EmitNode(emitter, item, null);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, v.GetValue<string>());
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void EmitMapping(IEmitter emitter, JsonObject obj, string[] first)
    {
        emitter.Emit(new MappingStart(null, null, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
        var ordered = obj.OrderBy(p => Array.IndexOf(first, p.Key) is var i && i >= 0 ? i : first.Length)
            .ThenBy(p => p.Key, StringComparer.Ordinal);
        foreach (var (key, value) in ordered)
        {
            EmitString(emitter, key);
            EmitNode(emitter, value, key);
        }
        emitter.Emit(new MappingEnd());
    }

    private static void EmitString(IEmitter emitter, string value)
    {
        var style = value.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : IsSafePlain(value) ? ScalarStyle.Plain
            : ScalarStyle.DoubleQuoted;
        emitter.Emit(new Scalar(null, null, value, style, style == ScalarStyle.Plain, style != ScalarStyle.Plain));
    }

    /// <summary>True when the string reads back as the same string in YAML 1.1 and 1.2 readers alike.</summary>
    internal static bool IsSafePlain(string value) =>
        value.Length > 0
        && SafeCharacters().IsMatch(value)
        && !value.EndsWith(':') && !value.EndsWith(' ')
        && !value.Contains(": ", StringComparison.Ordinal)
        && !SpecialWords.Contains(value)
        && !LooksLikeNumberOrDate().IsMatch(value)
        && Encoding.UTF8.GetByteCount(value) == value.Length;

    [GeneratedRegex(@"^[A-Za-z0-9/_][-A-Za-z0-9_./@+=: ]*$")]
    private static partial Regex SafeCharacters();

    /// <summary>Integers and floats of YAML 1.1 and 1.2 (with '_' separators, octal, hex, binary, sexagesimal) and timestamps.</summary>
    [GeneratedRegex(@"^([-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7]+|0b[01_]+|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$")]
    private static partial Regex LooksLikeNumberOrDate();
}
