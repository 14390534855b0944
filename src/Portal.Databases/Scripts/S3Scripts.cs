using System.Text;
using Portal.Databases.Jobs;
using Portal.Databases.Specs;

namespace Portal.Databases.Scripts;

/// <summary>
/// The sh the <c>aws</c> containers of an S3 pod run (see <see cref="HandOver"/> for how they meet the database
/// container). Upload: read the dump's one-line result, upload the artifact it names, apply retention in the bucket,
/// and report the result with <c>artifact</c> set to the <c>s3://</c> location. Download: fetch one artifact into the
/// mount and check its sha256 before the restore or verification runs.
/// </summary>
internal static class S3Scripts
{
    public static string Upload(DumpStorage.S3 s3, string mountPath, RetentionPolicy retention)
    {
        var sh = new StringBuilder(ShPrelude.For($"upload of a dump to {s3.Base}"));
        sh.Append(Common(s3, mountPath));
        sh.Append("""
            STAGE="reading the dump's result"
            [ -s "$RESULT_FILE" ] || fail "The dump ended without a result: it was stopped (out of memory, or the Job's deadline) before it could write one. Nothing was uploaded."
            RESULT=$(tail -n 1 "$RESULT_FILE")
            case "$RESULT" in
              '{"status":"Succeeded",'*) ;;
              *)
                # The dump failed: its own message is the pod's, and there is nothing to upload.
                printf '%s\n' "$RESULT" > "$TERMINATION_LOG"
                printf '%s\n' "$RESULT"
                code=$(printf '%s' "$RESULT" | sed -n 's/.*"exitCode":\([0-9][0-9]*\).*/\1/p')
                [ "${code:-0}" -gt 0 ] && [ "$code" -le 255 ] || code=1
                rm -rf "$WORK"
                trap - EXIT
                exit "$code"
                ;;
            esac
            # The dump names its artifact with letters, digits and . _ - / only (ArtifactDirectory, ArtifactNames).
            REL=$(printf '%s' "$RESULT" | sed -n 's/.*"artifact":"\([A-Za-z0-9._/-]*\)".*/\1/p')
            case "$REL" in ''|/*|*..*) fail "The dump's result names no artifact that can be uploaded: $RESULT" ;; esac
            SRC="$MOUNT/$REL"
            DEST="$S3_BASE/$REL"
            [ -e "$SRC" ] || fail "The dump reported $REL, but there is no such file in $MOUNT."
            STAGE="uploading $REL to $DEST"
            if [ -d "$SRC" ]; then
              run_tool aws_s3 cp --recursive --only-show-errors "$SRC" "$DEST/"
            else
              run_tool aws_s3 cp --only-show-errors "$SRC" "$DEST"
            fi
            echo "uploaded $REL to $DEST"

            """);
        sh.Append(S3Retention.For(retention));
        sh.Append("""
            STAGE="writing the termination message"
            RESULT=$(printf '%s' "$RESULT" | sed "s|\"artifact\":\"[^\"]*\"|\"artifact\":\"$DEST\"|")
            printf '%s\n' "$RESULT" > "$TERMINATION_LOG"
            printf '%s\n' "$RESULT"

            """);
        return sh.ToString();
    }

    public static string Download(DumpStorage.S3 s3, string mountPath, StoredArtifact artifact)
    {
        var directory = ArtifactNames.KindOf(artifact.Path) == ArtifactKind.PgDirectory;
        var sh = new StringBuilder(ShPrelude.For($"download of {artifact.Path} from {s3.Base}"));
        sh.Append(Common(s3, mountPath));
        sh.Append($$"""
            REL={{ShellQuote.Single(artifact.Path)}}
            SRC="$S3_BASE/$REL"
            DEST="$MOUNT/$REL"
            STAGE="downloading $SRC"
            mkdir -p "$(dirname "$DEST")"
            PARTIAL="$DEST"
            {{(directory
                ? "run_tool aws_s3 cp --recursive --only-show-errors \"$SRC/\" \"$DEST/\""
                : "run_tool aws_s3 cp --only-show-errors \"$SRC\" \"$DEST\"")}}
            verify_checksum "$DEST" "$SRC" {{ShellQuote.Single(artifact.Sha256)}}
            PARTIAL=""
            echo "downloaded $SRC to $DEST"

            """);
        return sh.ToString();
    }

    private static string Common(DumpStorage.S3 s3, string mountPath) => $$"""
        MOUNT={{ShellQuote.Single(mountPath.TrimEnd('/'))}}
        RESULT_FILE={{ShellQuote.Single(HandOver.PathIn(mountPath))}}
        S3_BASE={{ShellQuote.Single(s3.Base)}}
        ENDPOINT={{ShellQuote.Single(s3.Endpoint)}}
        # Credentials and region come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY from a Secret).
        aws_s3() { aws --endpoint-url "$ENDPOINT" s3 "$@"; }

        """;
}
