namespace Opbx.Domain.Rules;

public enum Outcome { Allowed, Forbidden, NotFound, Conflict }
