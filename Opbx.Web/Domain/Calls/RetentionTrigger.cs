namespace Opbx.Domain.Calls;

public enum RetentionTrigger
{
    Nightly,
    Manual,
}
