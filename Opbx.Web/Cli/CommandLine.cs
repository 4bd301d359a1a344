using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Opbx.Data;
using Opbx.Domain;
using Opbx.Domain.Access;
using Opbx.Domain.People;
using Opbx.Domain.Rules;

namespace Opbx.Cli;

/// <summary>
/// Commands on the same binary, run instead of the web server:
/// create-platform-manager --email E --name N [--password P]; create-token --email E --name N; backup --to FILE;
/// seed-demo [--password P]; help.
/// </summary>
public sealed class CommandLine
{
    private static readonly string[] Verbs = ["create-platform-manager", "create-token", "backup", "seed-demo"];
    private static readonly string[] HelpWords = ["help", "--help", "-h", "-?"];

    public const string Usage = """
        Usage: Opbx.Web [command] [--option value ...]

        With no command, Opbx runs its web server (ASP.NET Core options such as --urls http://0.0.0.0:8080 apply).

        Commands:
          create-platform-manager --email E --name N [--password P]
                                  create a platform manager, or promote an existing account
          create-token --email E --name N
                                  print a new platform API token for a platform manager
          backup --to FILE        copy the database to FILE (a consistent snapshot) while Opbx runs
          seed-demo [--password P]
                                  fill an empty database with three demo organizations (a hotel, a clinic, a law
                                  firm) and their history; prints who can sign in, with P or a generated password
          help                    print this text
        """;

    public required string Verb { get; init; }
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>The clock the command runs on: the demo's can be set back, so its history spreads over past weeks.</summary>
    public TimeProvider Clock => _clock ??= Verb == "seed-demo" ? new DemoClock() : TimeProvider.System;
    private TimeProvider? _clock;

    /// <summary>
    /// The command the arguments name, or null when they are the web server's: none, or options and key=value settings
    /// only. A first word that is no command is still a command (an unknown one), so a typo never starts the server.
    /// </summary>
    public static CommandLine? Parse(string[] args)
    {
        if (args.Length == 0) return null;
        if (HelpWords.Contains(args[0])) return new CommandLine { Verb = "help", Options = new Dictionary<string, string>() };
        if (args[0].StartsWith('-') || args[0].Contains('=')) return null;
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) continue;
            options[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "";
        }
        return new CommandLine { Verb = args[0], Options = options };
    }

    /// <summary>
    /// Answers help (usage on standard output, exit 0) and an unknown command (usage on standard error, exit 2) before
    /// anything is built or opened; null for a command that runs.
    /// </summary>
    public int? Answer(TextWriter output, TextWriter error)
    {
        if (Verb == "help")
        {
            output.WriteLine(Usage);
            return 0;
        }
        if (Verbs.Contains(Verb)) return null;
        error.WriteLine($"Unknown command \"{Verb}\".");
        error.WriteLine();
        error.WriteLine(Usage);
        return 2;
    }

    public async Task<int> RunAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        sp.GetRequiredService<AuditActor>().Set($"cli:{Environment.UserName}", null, AuditSource.Cli);
        try
        {
            switch (Verb)
            {
                case "create-platform-manager":
                    {
                        var outcome = await sp.GetRequiredService<AccountService>()
                            .PromoteToPlatformManagerAsync(Require("email"), Require("name"), Options.GetValueOrDefault("password"));
                        foreach (var line in Describe(outcome)) Console.WriteLine(line);
                        return 0;
                    }
                case "create-token":
                    {
                        var db = sp.GetRequiredService<OpbxDb>();
                        var email = Require("email");
                        var account = await db.Users.FirstOrDefaultAsync(a => a.NormalizedEmail == email.ToUpperInvariant() && a.IsPlatformManager);
                        if (account is null)
                        {
                            Console.Error.WriteLine($"No platform manager with the email {email}.");
                            return 2;
                        }
                        var issued = await sp.GetRequiredService<PlatformTokenService>()
                            .CreateAsync(Actor.Person(account.Id, true, null), account.Id, Require("name"));
                        Console.WriteLine(issued.Plain);
                        return 0;
                    }
                case "seed-demo":
                    {
                        var password = Options.GetValueOrDefault("password");
                        if (password is not null && password.Length == 0) throw new ArgumentException("seed-demo: --password needs a value.");
                        return await new DemoSeed(services, (DemoClock)Clock, Console.Out).RunAsync(password);
                    }
                default:
                    {
                        var to = Path.GetFullPath(Require("to"));
                        if (File.Exists(to))
                        {
                            Console.Error.WriteLine($"{to} already exists; choose a new file name.");
                            return 2;
                        }
                        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                        var db = sp.GetRequiredService<OpbxDb>();
                        // SQLite's online backup copies the pages as they are (a consistent snapshot, rowids kept)
                        // while the application keeps running.
                        var source = (SqliteConnection)db.Database.GetDbConnection();
                        await source.OpenAsync();
                        await using (var target = new SqliteConnection($"Data Source={to};Pooling=False"))
                        {
                            await target.OpenAsync();
                            source.BackupDatabase(target);
                        }
                        Console.WriteLine($"Backed up the database to {to} ({new FileInfo(to).Length:N0} bytes).");
                        return 0;
                    }
            }
        }
        catch (ValidationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    /// <summary>What the command found and changed, in the operator's words; never a claim about a password it did not check.</summary>
    internal static IEnumerable<string> Describe(PlatformManagerOutcome o)
    {
        var who = $"{o.Account.Email} ({o.Account.Id})";
        if (o.Created)
        {
            yield return $"Created the platform manager {who}.";
        }
        else
        {
            yield return $"The account {who} already existed; its name was left as it was.";
            yield return o.WasPlatformManager ? "It was already a platform manager." : "It is now a platform manager.";
            if (o.Reactivated) yield return "It was deactivated and is active again.";
        }
        if (o.PasswordSet)
        {
            yield return o.HadPassword ? "Its password was replaced by the one given; the old one no longer works and its sessions have ended."
                : "Its password is set to the one given.";
        }
        else if (o.HadPassword)
        {
            yield return "It already has a password, which was left unchanged. If you did not set it, give --password or reset it.";
        }
        else
        {
            yield return "It has no password yet: use \"Forgot your password?\" on the sign-in page, or run this again with --password.";
        }
    }

    private string Require(string name) =>
        Options.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"{Verb}: --{name} is required.");
}
