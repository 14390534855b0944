using System.Security.Cryptography;
using System.Text;

namespace Portal.Databases.Tests.Support;

/// <summary>The size and sha256 of an artifact, computed independently of the script: a file's own hash; for a
/// directory, the sha256 of the byte-sorted "hash  ./relative/path" lines of its files.</summary>
public static class ArtifactChecksum
{
    public static (long Size, string Sha256) Compute(string path)
    {
        if (File.Exists(path))
        {
            var bytes = File.ReadAllBytes(path);
            return (bytes.LongLength, Hex(SHA256.HashData(bytes)));
        }
        var files = Directory.GetFiles(path, "*", SearchOption.AllDirectories);
        var lines = files
            .Select(f => Hex(SHA256.HashData(File.ReadAllBytes(f))) + "  ./" + Path.GetRelativePath(path, f) + "\n")
            .OrderBy(l => l, StringComparer.Ordinal);
        return (files.Sum(f => new FileInfo(f).Length), Hex(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(lines)))));
    }

    private static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
