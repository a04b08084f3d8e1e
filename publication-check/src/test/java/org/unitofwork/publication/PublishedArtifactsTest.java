package org.unitofwork.publication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unitofwork.publication.Reactor.Module;

/**
 * What the build publishes, checked from the outside after the other modules are packaged: for every
 * published module (one that does not skip deploying), its effective POM's metadata; for every published
 * jar, its module name, LICENSE and NOTICE, and the sources and Javadoc jars beside it; and the BOM,
 * which must list every published jar. A module added later is checked as soon as it is in
 * {@code <modules>}.
 */
class PublishedArtifactsTest {
    private static final String GROUP_ID = "org.unitofwork";
    private static final String BOM = "unitofwork-bom";
    private static final String CHECK = "unitofwork-publication-check";

    private static Path root;
    private static Reactor reactor;

    @BeforeAll
    static void loadTheBuild() throws Exception {
        root = Path.of(System.getProperty("unitofwork.root", "..")).toRealPath();
        reactor = Reactor.load(root, Path.of(System.getProperty("maven.repo.local",
                System.getProperty("user.home") + "/.m2/repository")));
    }

    @Test
    void theModulesKnownToBePublishedAreFoundAsPublishedJars() {
        Set<String> found = new TreeSet<>(publishedJars().stream().map(Module::artifactId).toList());
        assertTrue(found.containsAll(Set.of("unitofwork-runtime", "unitofwork-processor", "unitofwork-agent")),
                "published jars found in the reactor: " + found);
        for (String unpublished : List.of("unitofwork-examples", "unitofwork-examples-legacy", "unitofwork-benchmarks",
                "unitofwork-guard-generator", CHECK)) {
            assertFalse(found.contains(unpublished), unpublished + " is a program or a check, yet does not skip deploying");
        }
    }

    @Test
    void everyPublishedJarHasItsModuleNameLicenseNoticeSourcesAndJavadoc() throws IOException {
        byte[] license = Files.readAllBytes(root.resolve("LICENSE"));
        byte[] notice = Files.readAllBytes(root.resolve("NOTICE"));
        List<String> problems = new ArrayList<>();
        for (Module module : publishedJars()) {
            Path jar = module.jar(null);
            String moduleName = module.effective().getProperties().getProperty("module.name");
            if (moduleName == null) {
                problems.add(module + " sets no module.name, the name its jar has on the module path");
            } else {
                problems.addAll(ArtifactChecks.moduleName(jar, moduleName));
            }
            problems.addAll(ArtifactChecks.legalFiles(jar, license, notice));
            problems.addAll(ArtifactChecks.legalFiles(module.jar("sources"), license, notice));
            problems.addAll(ArtifactChecks.sourcesJar(module.jar("sources"), module.mainSources()));
            problems.addAll(ArtifactChecks.javadocJar(module.jar("javadoc"), module.mainSources()));
        }
        assertEquals(List.of(), problems, "problems of the published jars (after `mvn package` of their modules)");
    }

    @Test
    void moduleNamesAreUnitofworkNamesAndDistinct() {
        Map<String, String> owners = new HashMap<>();
        for (Module module : publishedJars()) {
            String name = module.effective().getProperties().getProperty("module.name", "");
            assertTrue(name.equals(GROUP_ID) || name.startsWith(GROUP_ID + "."), module + "'s module.name " + name);
            ModuleDescriptor.newModule(name); // throws for a name that is not a legal module name
            String other = owners.put(name, module.artifactId());
            assertNull(other, module + " and " + other + " both have module.name " + name);
        }
    }

    @Test
    void everyPublishedPomCarriesNameLicenseScmDevelopersAndIssueTracker() {
        List<String> problems = new ArrayList<>(ArtifactChecks.metadata(reactor.root().effective(), reactor.root().effective()));
        for (Module module : reactor.modules()) {
            if (module.published()) {
                problems.addAll(ArtifactChecks.metadata(module.effective(), reactor.root().effective()));
            }
        }
        assertEquals(List.of(), problems, "problems of the published POMs");
    }

    @Test
    void theBomListsEveryPublishedJarAtTheBuildsVersion() {
        Model bom = bom().effective();
        Map<String, String> managed = new TreeMap<>();
        for (Dependency dependency : bom.getDependencyManagement().getDependencies()) {
            assertEquals(GROUP_ID, dependency.getGroupId(), "the BOM manages " + dependency.getManagementKey());
            managed.put(dependency.getArtifactId(), dependency.getVersion());
        }
        for (Module module : publishedJars()) {
            assertEquals(reactor.root().effective().getVersion(), managed.get(module.artifactId()),
                    "the BOM's version of " + module + " (the BOM manages " + managed + ")");
        }
        for (String artifactId : managed.keySet()) {
            assertTrue(reactor.module(artifactId).map(Module::published).orElse(false),
                    "the BOM lists " + artifactId + ", which no published module of the build produces");
        }
    }

    @Test
    void theBomStandsAloneSoThatImportingItManagesOnlyUnitofworkArtifacts() {
        Module bom = bom();
        Model parent = reactor.root().effective();
        assertNull(bom.raw().getParent(), "the BOM's <parent>: the parent's dependencyManagement would be imported with it");
        assertEquals("pom", bom.effective().getPackaging(), "the BOM's packaging");
        assertEquals(parent.getGroupId(), bom.effective().getGroupId(), "the BOM's groupId, next to the parent's");
        assertEquals(parent.getVersion(), bom.effective().getVersion(), "the BOM's version, next to the parent's");
        assertEquals(List.of(), bom.effective().getDependencies(), "the BOM's <dependencies>");
        for (Dependency dependency : bom.raw().getDependencyManagement().getDependencies()) {
            assertEquals("${project.version}", dependency.getVersion(), "the BOM's version of " + dependency.getArtifactId()
                    + ", written so that it follows the BOM's own");
        }
        Map<String, String> parentPlugins = pluginVersions(reactor.root().raw());
        pluginVersions(bom.raw()).forEach((plugin, version) -> assertEquals(parentPlugins.get(plugin), version,
                "the BOM's version of " + plugin + ", next to the parent's"));
    }

    @Test
    void theCheckRunsAfterEveryPublishedModule() {
        Set<String> dependedOn = new TreeSet<>();
        reactor.module(CHECK).orElseThrow().raw().getDependencies().forEach(d -> dependedOn.add(d.getArtifactId()));
        for (Module module : reactor.modules()) {
            if (module.published()) {
                assertTrue(dependedOn.contains(module.artifactId()), CHECK + "'s pom.xml lists no dependency on " + module
                        + ", so the reactor may check it before packaging it, and -pl publication-check -am skips it");
            }
        }
    }

    private static Module bom() {
        return reactor.module(BOM).orElseThrow(() -> new AssertionError(BOM + " is not a module of the build"));
    }

    private static List<Module> publishedJars() {
        return reactor.modules().stream().filter(m -> m.published() && m.isJar()).toList();
    }

    private static Map<String, String> pluginVersions(Model raw) {
        Map<String, String> versions = new TreeMap<>();
        if (raw.getBuild() != null && raw.getBuild().getPluginManagement() != null) {
            for (Plugin plugin : raw.getBuild().getPluginManagement().getPlugins()) {
                versions.put(plugin.getArtifactId(), plugin.getVersion());
            }
        }
        return versions;
    }
}
