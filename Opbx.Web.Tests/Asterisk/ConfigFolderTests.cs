using System.Runtime.Versioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Opbx.Asterisk;

namespace Opbx.Tests.Asterisk;

// File modes are what these tests check; Opbx runs beside Asterisk, on Linux.
[UnsupportedOSPlatform("windows")]
public sealed class ConfigFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "opbx-config-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private ConfigFolder Folder(bool groupReadable = false) => new(
        Options.Create(new OpbxOptions { Asterisk = new AsteriskOptions { ConfigDirectory = _root, GroupReadable = groupReadable } }),
        NullLogger<ConfigFolder>.Instance);

    private static RenderedConfig Config(params (string Path, string Content, AsteriskModule Module)[] files) =>
        new(files.Select(f => new ConfigFile(f.Path, f.Content, f.Module)).ToList());

    private static RenderedConfig TwoOrganizations(string acmePjsip = "[acme-100]\ntype = endpoint\n") => Config(
        ("opbx_pjsip.conf", "#include /x/orgs/acme/pjsip.conf\n#include /x/orgs/globex/pjsip.conf\n", AsteriskModule.Pjsip),
        ("opbx_extensions.conf", "#include /x/orgs/acme/extensions.conf\n", AsteriskModule.Dialplan),
        ("orgs/acme/pjsip.conf", acmePjsip, AsteriskModule.Pjsip),
        ("orgs/acme/extensions.conf", "[acme-internal]\nexten => 100,1,Hangup()\n", AsteriskModule.Dialplan),
        ("orgs/globex/pjsip.conf", "[globex-trunk-reg]\ntype = registration\n", AsteriskModule.Pjsip));

    private string PathOf(string relative) => Path.Combine(_root, relative);

    [Fact]
    public async Task Writes_every_file_owner_only_and_reports_their_modules()
    {
        var changes = await Folder().WriteAsync(TwoOrganizations());

        Assert.Equal(5, changes.Written.Count);
        Assert.Equal(new HashSet<AsteriskModule> { AsteriskModule.Pjsip, AsteriskModule.Dialplan }, changes.Modules);
        Assert.Equal("[acme-internal]\nexten => 100,1,Hangup()\n", await File.ReadAllTextAsync(PathOf("orgs/acme/extensions.conf")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("orgs/acme/pjsip.conf")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(PathOf("orgs/acme")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(PathOf("orgs")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_root));
        Assert.Empty(Directory.EnumerateFiles(_root, "*.opbx-tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Group_readable_folders_and_files_let_an_Asterisk_of_the_same_group_read_them()
    {
        await Folder(groupReadable: true).WriteAsync(TwoOrganizations());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(PathOf("orgs/acme/pjsip.conf")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(PathOf("orgs/acme")));
    }

    [Fact]
    public async Task The_same_config_again_writes_nothing_and_leaves_every_mtime_alone()
    {
        var folder = Folder();
        await folder.WriteAsync(TwoOrganizations());
        await folder.ReloadedAsync();
        var before = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.GetLastWriteTimeUtc);
        await Task.Delay(20);

        var changes = await folder.WriteAsync(TwoOrganizations());

        Assert.True(changes.IsEmpty);
        Assert.Empty(changes.Modules);
        Assert.Equal(5, changes.Unchanged.Count);
        Assert.Equal(before, Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).ToDictionary(p => p, File.GetLastWriteTimeUtc));
    }

    [Fact]
    public async Task Changing_one_file_rewrites_only_that_file_and_names_only_its_module()
    {
        var folder = Folder();
        await folder.WriteAsync(TwoOrganizations());
        await folder.ReloadedAsync();
        var untouched = File.GetLastWriteTimeUtc(PathOf("orgs/acme/extensions.conf"));

        var changes = await folder.WriteAsync(TwoOrganizations("[acme-100]\ntype = endpoint\ncontext = acme-internal\n"));

        Assert.Equal(["orgs/acme/pjsip.conf"], changes.Written);
        Assert.Equal(new HashSet<AsteriskModule> { AsteriskModule.Pjsip }, changes.Modules);
        Assert.Equal(untouched, File.GetLastWriteTimeUtc(PathOf("orgs/acme/extensions.conf")));
        Assert.Contains("context = acme-internal", await File.ReadAllTextAsync(PathOf("orgs/acme/pjsip.conf")));
    }

    [Fact]
    public async Task An_organization_no_longer_rendered_loses_its_files_and_folder_but_nobody_elses_files()
    {
        var folder = Folder();
        await folder.WriteAsync(TwoOrganizations());
        await folder.ReloadedAsync();
        await File.WriteAllTextAsync(PathOf("operator-notes.conf"), "; mine\n");
        Directory.CreateDirectory(PathOf("orgs/acme/custom"));
        await File.WriteAllTextAsync(PathOf("orgs/acme/custom/extra.conf"), "; the operator's own\n");

        var changes = await folder.WriteAsync(Config(
            ("opbx_pjsip.conf", "#include /x/orgs/acme/pjsip.conf\n", AsteriskModule.Pjsip),
            ("opbx_extensions.conf", "", AsteriskModule.Dialplan),
            ("orgs/acme/pjsip.conf", "[acme-100]\ntype = endpoint\n", AsteriskModule.Pjsip)));

        Assert.Equal(["orgs/acme/extensions.conf", "orgs/globex/pjsip.conf"], changes.Deleted);
        Assert.Equal(["opbx_extensions.conf", "opbx_pjsip.conf"], changes.Written.Order());
        Assert.Equal(new HashSet<AsteriskModule> { AsteriskModule.Pjsip, AsteriskModule.Dialplan }, changes.Modules);
        Assert.False(Directory.Exists(PathOf("orgs/globex")));
        Assert.False(File.Exists(PathOf("orgs/acme/extensions.conf")));
        Assert.True(File.Exists(PathOf("operator-notes.conf")));
        Assert.True(File.Exists(PathOf("orgs/acme/custom/extra.conf")));
        Assert.Equal(["globex-trunk-reg"], changes.RemovedRegistrations);
    }

    [Fact]
    public async Task Deleting_a_file_only_names_the_module_it_belonged_to()
    {
        var folder = Folder();
        await folder.WriteAsync(Config(("a.conf", "[a]\n", AsteriskModule.Pjsip), ("orgs/x/queues.conf", "[x-q]\n", AsteriskModule.Queues)));
        await folder.ReloadedAsync();

        var changes = await folder.WriteAsync(Config(("a.conf", "[a]\n", AsteriskModule.Pjsip)));

        Assert.Equal(new HashSet<AsteriskModule> { AsteriskModule.Queues }, changes.Modules);
        Assert.Empty(changes.RemovedRegistrations);
    }

    [Fact]
    public async Task Files_are_deleted_only_when_Opbx_wrote_them()
    {
        // A file at a path Opbx might render, but put there by someone else: never in the manifest, so never deleted.
        Directory.CreateDirectory(PathOf("orgs/legacy"));
        await File.WriteAllTextAsync(PathOf("orgs/legacy/pjsip.conf"), "[legacy]\n");

        var changes = await Folder().WriteAsync(TwoOrganizations());

        Assert.Empty(changes.Deleted);
        Assert.True(File.Exists(PathOf("orgs/legacy/pjsip.conf")));
    }

    [Fact]
    public async Task Organization_files_are_written_before_the_top_level_files_that_include_them()
    {
        var changes = await Folder().WriteAsync(TwoOrganizations());

        var topLevel = changes.Written.Select((p, i) => (p, i)).Where(x => !x.p.Contains('/')).Select(x => x.i);
        var orgFiles = changes.Written.Select((p, i) => (p, i)).Where(x => x.p.Contains('/')).Select(x => x.i);
        Assert.True(orgFiles.Max() < topLevel.Min());
    }

    [Theory]
    [InlineData("../escape.conf")]
    [InlineData("orgs/../../escape.conf")]
    [InlineData("/etc/asterisk/pjsip.conf")]
    [InlineData("orgs//x.conf")]
    [InlineData(".opbx-files")]
    [InlineData("orgs/.hidden.conf")]
    [InlineData("orgs\\x.conf")]
    [InlineData("orgs/x y.conf")]
    public async Task Paths_outside_the_folder_or_of_its_own_bookkeeping_are_refused(string path)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Folder().WriteAsync(Config((path, "x", AsteriskModule.Pjsip))));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "escape.conf")));
    }

    [Fact]
    public async Task The_same_path_twice_is_refused_before_anything_is_written()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Folder().WriteAsync(Config(("a.conf", "1", AsteriskModule.Pjsip), ("a.conf", "2", AsteriskModule.Pjsip))));
        Assert.False(File.Exists(PathOf("a.conf")));
    }

    [Fact]
    public async Task Switching_to_group_readable_fixes_unchanged_files_without_rewriting_them()
    {
        await Folder().WriteAsync(TwoOrganizations());
        await Folder().ReloadedAsync();
        var mtime = File.GetLastWriteTimeUtc(PathOf("orgs/acme/pjsip.conf"));

        var changes = await Folder(groupReadable: true).WriteAsync(TwoOrganizations());

        Assert.True(changes.IsEmpty);
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(PathOf("orgs/acme/pjsip.conf")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(PathOf("orgs/acme/pjsip.conf")));
    }

    [Fact]
    public async Task A_reload_that_did_not_happen_is_still_owed_by_the_next_write_even_when_nothing_changed()
    {
        var folder = Folder();
        await folder.WriteAsync(TwoOrganizations());

        // Asterisk was unreachable (or no AMI host was configured): no ReloadedAsync. A new Opbx process finds it owed too.
        var again = await Folder().WriteAsync(TwoOrganizations());
        await folder.ReloadedAsync();
        var afterReload = await folder.WriteAsync(TwoOrganizations());

        Assert.True(again.IsEmpty);
        Assert.Equal(new HashSet<AsteriskModule> { AsteriskModule.Pjsip, AsteriskModule.Dialplan }, again.Modules);
        Assert.Empty(afterReload.Modules);
    }

    [Fact]
    public async Task A_registration_still_to_unregister_is_reported_again_until_the_reload_is_done()
    {
        var folder = Folder();
        await folder.WriteAsync(TwoOrganizations());
        await folder.ReloadedAsync();
        var withoutGlobex = Config(
            ("opbx_pjsip.conf", "#include /x/orgs/acme/pjsip.conf\n", AsteriskModule.Pjsip),
            ("orgs/acme/pjsip.conf", "[acme-100]\ntype = endpoint\n", AsteriskModule.Pjsip));

        var first = await folder.WriteAsync(withoutGlobex);
        var retry = await folder.WriteAsync(withoutGlobex);
        await folder.ReloadedAsync();
        var done = await folder.WriteAsync(withoutGlobex);

        Assert.Equal(["globex-trunk-reg"], first.RemovedRegistrations);
        Assert.Equal(["globex-trunk-reg"], retry.RemovedRegistrations);
        Assert.Empty(done.RemovedRegistrations);
    }

    [Fact]
    public async Task A_scoped_write_deletes_only_inside_its_scope()
    {
        var folder = Folder();
        await folder.WriteAsync(TwoOrganizations());
        await folder.ReloadedAsync();
        var acmeFile = File.GetLastWriteTimeUtc(PathOf("orgs/acme/pjsip.conf"));

        // Globex is gone: its deploy renders the top-level files and nothing for itself; Acme is not rendered at all.
        var changes = await folder.WriteAsync(Config(
            ("opbx_pjsip.conf", "#include /x/orgs/acme/pjsip.conf\n", AsteriskModule.Pjsip),
            ("opbx_extensions.conf", "#include /x/orgs/acme/extensions.conf\n", AsteriskModule.Dialplan)), scope: "orgs/globex");

        Assert.Equal(["orgs/globex/pjsip.conf"], changes.Deleted);
        Assert.Equal(acmeFile, File.GetLastWriteTimeUtc(PathOf("orgs/acme/pjsip.conf")));
        Assert.False(Directory.Exists(PathOf("orgs/globex")));
        // Acme's files stayed Opbx's: a later full write without Acme removes them.
        var full = await folder.WriteAsync(Config(("opbx_pjsip.conf", "", AsteriskModule.Pjsip), ("opbx_extensions.conf", "", AsteriskModule.Dialplan)));
        Assert.Equal(["orgs/acme/extensions.conf", "orgs/acme/pjsip.conf"], full.Deleted);
    }
}
