using System.IO.Compression;
using System.Text.Json;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Kubernetes.Preview;

/// <summary>
/// Reads a backup's resource list as Velero writes it to object storage (<c>&lt;backup&gt;-resource-list.json.gz</c>):
/// gzipped JSON, an object keyed by "group/version/Kind" (core: "v1/Pod") whose values are lists of "namespace/name"
/// (cluster-scoped: "name"). Bounded: more than <c>maxBytes</c> once unzipped is refused, so a hostile or broken file
/// cannot fill the portal's memory. Anything else than that shape is a <see cref="FormatException"/> saying what.
/// </summary>
public static class BackupResourceListParser
{
    public static IReadOnlyDictionary<BackupKind, IReadOnlyList<string>> Parse(Stream gzipped, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(gzipped);
        using var unzip = new GZipStream(gzipped, CompressionMode.Decompress, leaveOpen: true);
        using var bounded = new LimitedStream(unzip, maxBytes);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bounded, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (InvalidDataException e)
        {
            throw new FormatException("it is not gzipped", e);
        }
        catch (JsonException e)
        {
            throw new FormatException($"it is not JSON ({e.Message})", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new FormatException($"it is a JSON {doc.RootElement.ValueKind}, not an object keyed by group/version/Kind");
            var result = new Dictionary<BackupKind, IReadOnlyList<string>>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                var kind = BackupKind.Parse(property.Name)
                    ?? throw new FormatException($"the key '{Shorten(property.Name)}' is not group/version/Kind");
                if (property.Value.ValueKind != JsonValueKind.Array)
                    throw new FormatException($"the value of '{property.Name}' is not a list of names");
                var names = new List<string>(property.Value.GetArrayLength());
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } name)
                        throw new FormatException($"an item of '{property.Name}' is not a \"namespace/name\" string");
                    names.Add(name);
                }

                result[kind] = names;
            }

            return result;
        }
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";

    /// <summary>Reads through, and fails once more than the limit has been read.</summary>
    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _read += n;
            if (_read > limit)
                throw new FormatException($"it is larger than {limit / (1024 * 1024)} MiB once unzipped, more than the portal reads");
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
