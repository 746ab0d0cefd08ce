namespace Kaniko.Engine.Images;

/// <summary>Leaves a property out of the JSON when it is false or an empty collection, as Go's <c>omitempty</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OmitWhenEmptyAttribute : Attribute;
