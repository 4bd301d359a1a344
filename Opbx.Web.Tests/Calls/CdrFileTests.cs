using Opbx.Domain.Calls;

namespace Opbx.Tests.Calls;

/// <summary>Reading the CDR file from a cursor: complete lines only, rotation (replaced, truncated, copied away), restarts.</summary>
public sealed class CdrFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("opbx-cdrfile-").FullName;
    private string PathOf => Path.Combine(_folder, "opbx-cdr.csv");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Append(string text) => File.AppendAllText(PathOf, text);

    [Fact]
    public void A_line_still_being_written_waits_for_its_line_end_and_the_next_read_continues_after_it()
    {
        Append("a1\na2\na3-part");
        var first = CdrFile.Read(PathOf, "", 0);
        Assert.Equal(["a1", "a2"], first.Lines);
        Assert.Equal(6, first.Offset);
        Assert.False(first.Rotated);

        var nothing = CdrFile.Read(PathOf, first.Identity, first.Offset);
        Assert.Empty(nothing.Lines);
        Assert.Equal(6, nothing.Offset);

        Append("ial\na4\n");
        var second = CdrFile.Read(PathOf, first.Identity, first.Offset);
        Assert.Equal(["a3-partial", "a4"], second.Lines);
        Assert.Equal(first.Identity, second.Identity);
        Assert.Equal(new FileInfo(PathOf).Length, second.Offset);
    }

    [Fact]
    public void No_file_or_no_complete_first_line_reads_nothing_and_keeps_the_cursor()
    {
        var none = CdrFile.Read(PathOf, "", 0);
        Assert.Empty(none.Lines);
        Append("half a line");
        Assert.Empty(CdrFile.Read(PathOf, "", 0).Lines);
        Assert.Null(CdrFile.Identity(PathOf));
    }

    [Fact]
    public void A_replaced_file_is_read_from_its_start_after_the_rest_of_the_old_one_where_rotation_moved_it()
    {
        Append("a1\na2\n");
        var first = CdrFile.Read(PathOf, "", 0);
        Append("a3\n"); // written after the last read, before rotation
        File.Move(PathOf, PathOf + ".1");
        Append("b1\n");

        var rest = CdrFile.Read(PathOf, first.Identity, first.Offset);
        Assert.Equal(["a3"], rest.Lines);
        Assert.Equal(PathOf + ".1", rest.Path);
        Assert.Equal(first.Identity, rest.Identity);

        var fresh = CdrFile.Read(PathOf, rest.Identity, rest.Offset);
        Assert.Equal(["b1"], fresh.Lines);
        Assert.True(fresh.Rotated);
        Assert.NotEqual(first.Identity, fresh.Identity);
        Assert.Empty(CdrFile.Read(PathOf, fresh.Identity, fresh.Offset).Lines);
    }

    [Fact]
    public void A_file_truncated_in_place_starts_again_at_zero_without_the_old_lines()
    {
        Append("a1\na2\na3\n");
        var first = CdrFile.Read(PathOf, "", 0);
        File.WriteAllText(PathOf, "b1\n"); // copytruncate, then a new CDR

        var after = CdrFile.Read(PathOf, first.Identity, first.Offset);
        Assert.Equal(["b1"], after.Lines);
        Assert.True(after.Rotated);
        Assert.Equal(3, after.Offset);
    }

    [Fact]
    public void A_cursor_reads_at_most_a_chunk_and_continues_where_it_stopped()
    {
        for (var i = 0; i < 100; i++) Append($"line-{i:000}\n");
        var lines = new List<string>();
        var (identity, offset) = ("", 0L);
        for (var reads = 0; reads < 100; reads++)
        {
            var chunk = CdrFile.Read(PathOf, identity, offset, maxBytes: 50);
            if (chunk.Lines.Count == 0) break;
            lines.AddRange(chunk.Lines);
            (identity, offset) = (chunk.Identity, chunk.Offset);
        }
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"line-{i:000}"), lines);
    }
}
