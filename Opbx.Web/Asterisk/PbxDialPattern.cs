using Opbx.Domain.Pbx;

namespace Opbx.Asterisk;

/// <summary>A dial pattern with what is stripped from the front of the dialled number and what is put there instead (digits, maybe a leading +).</summary>
public sealed record PbxDialPattern(DialPattern Pattern, int Strip, string Prepend);
