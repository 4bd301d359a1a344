using System.IO.Compression;
using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Opbx.Domain.People;

/// <summary>
/// Refuses a password that is on the list of the 100,000 most common passwords shipped with the app (the top of Mark
/// Burnett's ten-million-password list, as published in SecLists; source and licence in the README). Compared without
/// regard to letter case: "Qwerty123456" is as guessable as "qwerty123456". The list is read once, on first use.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<Account>
{
    public const string Code = "PasswordTooCommon";
    public const string Message = "This password is on the list of the 100,000 most common passwords; choose another.";
    internal const string Resource = "Opbx.CommonPasswords";

    private static readonly Lazy<(HashSet<string> Set, int Lines)> List = new(Load);

    /// <summary>How many passwords the shipped list holds (some differ only in letter case, so the set is a little smaller).</summary>
    public static int Count => List.Value.Lines;

    public static bool IsCommon(string password) => List.Value.Set.Contains(password);

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password)
            ? IdentityResult.Failed(new IdentityError { Code = Code, Description = Message })
            : IdentityResult.Success);

    private static (HashSet<string>, int) Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded list {Resource} is missing.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        var passwords = new HashSet<string>(110_000, StringComparer.OrdinalIgnoreCase);
        var lines = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            passwords.Add(line);
            lines++;
        }
        return (passwords, lines);
    }
}
