using System.Diagnostics.CodeAnalysis;

// The serializer generator's descriptors (CMP0101-CMP0107) come with the parser linked from Compiled.Generators
// (see the csproj); they are release-tracked there, and this assembly never reports them.
[assembly: SuppressMessage("MicrosoftCodeAnalysisReleaseTracking", "RS2000:Add analyzer diagnostic IDs to analyzer release",
    Scope = "namespaceanddescendants", Target = "~N:Compiled.Generators.Model",
    Justification = "Generator ids, tracked in generators/Compiled.Generators/AnalyzerReleases.*.md")]
