using System.Text.Json.Nodes;
using Portal.ClusterSimulator.Json;

namespace Portal.ClusterSimulator.Resources;

/// <summary>Loads the simulator's own CRD schemas (Velero, CSI snapshots) embedded in the assembly.</summary>
internal static class EmbeddedCrds
{
    public static IReadOnlyList<ResourceDefinition> Load()
    {
        var assembly = typeof(EmbeddedCrds).Assembly;
        var result = new List<ResourceDefinition>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("BuiltInCrds.", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            foreach (var doc in YamlToJson.ParseDocuments(reader.ReadToEnd()))
            {
                result.AddRange(CrdDocumentReader.Read(doc, "embedded:" + name));
            }
        }
        ShareBackupSpecWithScheduleTemplate(result);
        return result;
    }

    // A Schedule's template is a BackupSpec; copying the schema keeps both validations identical.
    private static void ShareBackupSpecWithScheduleTemplate(List<ResourceDefinition> defs)
    {
        var backupSpec = defs.FirstOrDefault(d => d.Group == "velero.io" && d.Kind == "Backup")?.Schema?["properties"]?["spec"];
        var scheduleSpecProps = defs.FirstOrDefault(d => d.Group == "velero.io" && d.Kind == "Schedule")?.Schema?["properties"]?["spec"]?["properties"] as JsonObject;
        if (backupSpec is not null && scheduleSpecProps is not null)
        {
            scheduleSpecProps["template"] = backupSpec.DeepClone();
        }
    }
}
