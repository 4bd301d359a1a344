using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Opbx.Domain.People;

/// <summary>
/// Identity's data-protection tokens for the links Opbx mails, one provider per kind of link so each has its own lifetime
/// and its own protector purpose (an invitation token is no password-reset token). Every such token carries the account's
/// security stamp, which setting a password changes: a link works once.
/// </summary>
public sealed class LinkTokenProvider<TOptions>(IDataProtectionProvider protection, IOptions<TOptions> options,
    ILogger<DataProtectorTokenProvider<Account>> logger)
    : DataProtectorTokenProvider<Account>(protection, options, logger)
    where TOptions : DataProtectionTokenProviderOptions, new();
