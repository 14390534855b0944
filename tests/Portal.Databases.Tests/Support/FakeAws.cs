namespace Portal.Databases.Tests.Support;

/// <summary>
/// A stand-in for the <c>aws</c> CLI on PATH: a small sh script that records its arguments (one line per call in
/// <see cref="Calls"/>) and plays <c>aws s3 cp|ls|rm</c> against a directory, <c>&lt;root&gt;/&lt;bucket&gt;/&lt;key&gt;</c>, that
/// stands for the bucket. Like the real CLI it needs <c>--endpoint-url</c> here and the keys in the environment, lists
/// "directories" as <c>PRE name/</c>, copies nothing (and succeeds) for a recursive copy of a missing prefix, and fails
/// with the S3 error text when told to (<c>FAKE_AWS_FAIL</c> = the s3 subcommands that fail).
/// </summary>
public sealed class FakeAws : IDisposable
{
    private const string Script = """
        #!/bin/sh
        printf '%s\n' "$*" >> "$FAKE_S3_ROOT/.calls"
        endpoint=""; recursive=""; n=0; p1=""; p2=""; p3=""; p4=""
        while [ $# -gt 0 ]; do
          case "$1" in
            --endpoint-url|--region)
              [ $# -ge 2 ] || { echo "aws: error: argument $1: expected one argument" >&2; exit 252; }
              [ "$1" = --endpoint-url ] && endpoint=$2
              shift 2; continue ;;
            --recursive) recursive=1 ;;
            --only-show-errors|--no-progress) ;;
            --*) echo "aws: error: unknown option $1" >&2; exit 252 ;;
            *) n=$((n + 1)); eval "p$n=\$1" ;;
          esac
          shift
        done
        [ "$p1" = s3 ] || { echo "fake aws: only s3 commands are played" >&2; exit 252; }
        [ -n "$endpoint" ] || { echo "fake aws: the portal always passes --endpoint-url" >&2; exit 252; }
        [ -n "${AWS_ACCESS_KEY_ID:-}" ] && [ -n "${AWS_SECRET_ACCESS_KEY:-}" ] || { echo "Unable to locate credentials. You can configure credentials by running \"aws configure\"." >&2; exit 253; }
        case " ${FAKE_AWS_FAIL:-} " in
          *" $p2 "*) echo "upload failed: $p3 to $p4 An error occurred (AccessDenied) when calling the PutObject operation: Access Denied" >&2; exit 1 ;;
        esac
        local_path() { printf '%s/%s' "$FAKE_S3_ROOT" "${1#s3://}"; }
        case "$p2" in
          cp)
            case "$p3" in
              s3://*) src=$(local_path "$p3"); dst=$p4 ;;
              *) src=$p3; dst=$(local_path "$p4") ;;
            esac
            if [ -n "$recursive" ]; then
              [ -d "$src" ] || exit 0
              mkdir -p "$dst" && cp -R "$src"/. "$dst"/
            else
              [ -f "$src" ] || { echo "fatal error: An error occurred (404) when calling the HeadObject operation: Key \"${p3#s3://*/}\" does not exist" >&2; exit 1; }
              mkdir -p "$(dirname "$dst")" && cp "$src" "$dst"
            fi ;;
          ls)
            dir=$(local_path "$p3")
            found=""
            for f in "$dir"*; do
              [ -e "$f" ] || continue
              found=1
              if [ -d "$f" ]; then printf '                           PRE %s/\n' "${f##*/}"
              else printf '2025-01-01 00:00:00 %10d %s\n' "$(stat -c %s "$f")" "${f##*/}"; fi
            done
            [ -n "$found" ] || exit 1 ;;
          rm)
            target=$(local_path "$p3")
            if [ -n "$recursive" ]; then rm -rf "${target%/}"; else rm -f "$target"; fi ;;
          *) echo "fake aws: s3 $p2 is not played" >&2; exit 252 ;;
        esac
        """;

    private readonly TempDir _dir = new();

    public FakeAws()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Bin);
        File.WriteAllText(Path.Combine(Bin, "aws"), Script);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(Bin, "aws"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Holds one directory per bucket.</summary>
    public string Root => Path.Combine(_dir.Path, "s3");

    public string Bin => Path.Combine(_dir.Path, "bin");

    public IReadOnlyList<string> Calls =>
        File.Exists(Path.Combine(Root, ".calls")) ? File.ReadAllLines(Path.Combine(Root, ".calls")) : [];

    /// <summary>The local file behind <c>s3://bucket/key</c>.</summary>
    public string PathOf(string location) => Path.Combine(Root, location["s3://".Length..]);

    /// <summary>Puts an object (a file, or a directory dump's files) into the bucket.</summary>
    public void Put(string location, string content = "x")
    {
        var path = PathOf(location);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Every key in the bucket (files below it), sorted.</summary>
    public IReadOnlyList<string> Keys(string bucket) =>
        Directory.Exists(Path.Combine(Root, bucket))
            ? Directory.EnumerateFiles(Path.Combine(Root, bucket), "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Path.Combine(Root, bucket), f)).Order(StringComparer.Ordinal).ToList()
            : [];

    public void Dispose() => _dir.Dispose();
}
