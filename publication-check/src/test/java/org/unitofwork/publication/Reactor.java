package org.unitofwork.publication;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Model;
import org.apache.maven.model.Parent;
import org.apache.maven.model.Repository;
import org.apache.maven.model.building.DefaultModelBuilderFactory;
import org.apache.maven.model.building.DefaultModelBuildingRequest;
import org.apache.maven.model.building.FileModelSource;
import org.apache.maven.model.building.ModelBuildingException;
import org.apache.maven.model.building.ModelBuildingRequest;
import org.apache.maven.model.building.ModelBuildingResult;
import org.apache.maven.model.building.ModelSource;
import org.apache.maven.model.resolution.ModelResolver;
import org.apache.maven.model.resolution.UnresolvableModelException;

/**
 * The modules of the build, found from the root POM's {@code <modules>} as Maven finds them, each with
 * its POM as written and its effective POM as Maven's own model builder computes it (inheritance,
 * interpolation, imports): the metadata a repository and a user's build see.
 */
final class Reactor {
    private final Module root;
    private final List<Module> modules;

    private Reactor(Module root, List<Module> modules) {
        this.root = root;
        this.modules = modules;
    }

    /**
     * @param root the directory of the root POM
     * @param localRepository where the build resolved the POMs that the effective POMs import
     */
    static Reactor load(Path root, Path localRepository) throws ModelBuildingException {
        ModelResolver resolver = new LocalRepositoryResolver(localRepository);
        Module top = Module.load(root, resolver);
        List<Module> modules = new ArrayList<>();
        addModules(top, resolver, modules);
        return new Reactor(top, modules);
    }

    private static void addModules(Module aggregator, ModelResolver resolver, List<Module> into) throws ModelBuildingException {
        for (String name : aggregator.effective().getModules()) {
            Module module = Module.load(aggregator.directory().resolve(name).normalize(), resolver);
            into.add(module);
            addModules(module, resolver, into);
        }
    }

    /** The root POM: the parent of the published modules, and their aggregator. */
    Module root() {
        return root;
    }

    /** Every module below the root, in the order of the {@code <modules>} lists. */
    List<Module> modules() {
        return modules;
    }

    Optional<Module> module(String artifactId) {
        return modules.stream().filter(m -> m.artifactId().equals(artifactId)).findFirst();
    }

    /** A module's directory, its POM as written, and its effective POM. */
    record Module(Path directory, Model raw, Model effective) {

        static Module load(Path directory, ModelResolver resolver) throws ModelBuildingException {
            DefaultModelBuildingRequest request = new DefaultModelBuildingRequest();
            request.setPomFile(directory.resolve("pom.xml").toFile());
            request.setValidationLevel(ModelBuildingRequest.VALIDATION_LEVEL_MINIMAL);
            request.setProcessPlugins(false);
            // profiles activated by the JDK or the OS activate as in the build that packaged the jars
            request.setSystemProperties(System.getProperties());
            request.setModelResolver(resolver);
            ModelBuildingResult result = new DefaultModelBuilderFactory().newInstance().build(request);
            return new Module(directory, result.getRawModel(), result.getEffectiveModel());
        }

        String artifactId() {
            return effective.getArtifactId();
        }

        /** Published unless it skips deploying, as every module that is not a library does. */
        boolean published() {
            return !Boolean.parseBoolean(effective.getProperties().getProperty("maven.deploy.skip"));
        }

        boolean isJar() {
            return "jar".equals(effective.getPackaging());
        }

        /** Where the build leaves the jar with {@code classifier} (none for the main jar). */
        Path jar(String classifier) {
            String suffix = classifier == null ? "" : "-" + classifier;
            return Path.of(effective.getBuild().getDirectory()).resolve(effective.getBuild().getFinalName() + suffix + ".jar");
        }

        Path mainSources() {
            return Path.of(effective.getBuild().getSourceDirectory());
        }

        @Override
        public String toString() {
            return artifactId();
        }
    }

    /**
     * Finds imported and parent POMs that are not in the tree in the local repository, where the build
     * that packaged the jars has put them; never downloads anything.
     */
    private static final class LocalRepositoryResolver implements ModelResolver {
        private final Path repository;

        LocalRepositoryResolver(Path repository) {
            this.repository = repository;
        }

        @Override
        public ModelSource resolveModel(String groupId, String artifactId, String version) throws UnresolvableModelException {
            Path pom = repository.resolve(groupId.replace('.', File.separatorChar)).resolve(artifactId).resolve(version)
                    .resolve(artifactId + "-" + version + ".pom");
            if (!Files.isRegularFile(pom)) {
                throw new UnresolvableModelException("not in the local repository " + repository
                        + ", where the build that ran before this test resolves it", groupId, artifactId, version);
            }
            return new FileModelSource(pom.toFile());
        }

        @Override
        public ModelSource resolveModel(Parent parent) throws UnresolvableModelException {
            return resolveModel(parent.getGroupId(), parent.getArtifactId(), parent.getVersion());
        }

        @Override
        public ModelSource resolveModel(Dependency dependency) throws UnresolvableModelException {
            return resolveModel(dependency.getGroupId(), dependency.getArtifactId(), dependency.getVersion());
        }

        @Override
        public void addRepository(Repository remote) {
            // only the local repository is read
        }

        @Override
        public void addRepository(Repository remote, boolean replace) {
            // only the local repository is read
        }

        @Override
        public ModelResolver newCopy() {
            return this;
        }
    }
}
