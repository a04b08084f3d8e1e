package org.unitofwork.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.tools.Diagnostic;
import org.unitofwork.UnitOfWork;

/**
 * Finds {@code @UnitOfWork} on local and anonymous classes and their methods. The annotation
 * processing API does not model classes declared inside method bodies, so the compiler's tree API
 * looks for them in the source. The annotation is recognized by name, as written: {@code UnitOfWork}
 * imported from {@code org.unitofwork}, or {@code org.unitofwork.UnitOfWork}.
 */
final class MethodBodyAnnotationScanner extends TreePathScanner<Void, Void> {
    private static final String PACKAGE = UnitOfWork.class.getPackageName();
    private static final String SIMPLE_NAME = UnitOfWork.class.getSimpleName();
    private static final String QUALIFIED_NAME = UnitOfWork.class.getName();

    private final Trees trees;
    private final CompilationUnitTree unit;
    private final boolean simpleNameMeansAnnotation;
    /** How many local or anonymous classes enclose the tree being visited. */
    private int unnamedDepth;
    private int errors;

    private MethodBodyAnnotationScanner(Trees trees, CompilationUnitTree unit) {
        this.trees = trees;
        this.unit = unit;
        this.simpleNameMeansAnnotation = importsAnnotation(unit);
    }

    /**
     * Reports every {@code @UnitOfWork} of a local or anonymous class in {@code unit} as an error.
     *
     * @param trees the compiler's tree API
     * @param unit a compilation unit
     * @return how many errors were reported
     */
    static int reportIn(Trees trees, CompilationUnitTree unit) {
        MethodBodyAnnotationScanner scanner = new MethodBodyAnnotationScanner(trees, unit);
        scanner.scan(unit, null);
        return scanner.errors;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
        Tree parent = getCurrentPath().getParentPath().getLeaf();
        boolean unnamed = parent instanceof NewClassTree || !(parent instanceof ClassTree || parent instanceof CompilationUnitTree);
        if (unnamed) {
            unnamedDepth++;
        }
        if (unnamedDepth > 0) {
            String what = parent instanceof NewClassTree ? "an anonymous class" : "local class " + tree.getSimpleName();
            report(tree.getModifiers().getAnnotations(), "@UnitOfWork on " + what + ": no wrapper can be generated for a"
                    + " class declared inside a method body. Move the class to a static nested or top-level class");
        }
        super.visitClass(tree, unused);
        if (unnamed) {
            unnamedDepth--;
        }
        return null;
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
        if (unnamedDepth > 0) {
            ClassTree owner = (ClassTree) getCurrentPath().getParentPath().getLeaf();
            String what = owner.getSimpleName().isEmpty() ? "an anonymous class" : "local class " + owner.getSimpleName();
            report(tree.getModifiers().getAnnotations(), "@UnitOfWork on method " + tree.getName() + " of " + what + ": no"
                    + " wrapper can be generated for a class declared inside a method body. Move the method to a static"
                    + " nested or top-level class, or open the unit in code with Boundary or Database.run");
        }
        return super.visitMethod(tree, unused);
    }

    private void report(Iterable<? extends AnnotationTree> annotations, String message) {
        for (AnnotationTree annotation : annotations) {
            String name = annotation.getAnnotationType().toString();
            if (name.equals(QUALIFIED_NAME) || (simpleNameMeansAnnotation && name.equals(SIMPLE_NAME))) {
                trees.printMessage(Diagnostic.Kind.ERROR, message, annotation, unit);
                errors++;
            }
        }
    }

    private static boolean importsAnnotation(CompilationUnitTree unit) {
        if (unit.getPackageName() != null && unit.getPackageName().toString().equals(PACKAGE)) {
            return true;
        }
        for (ImportTree imported : unit.getImports()) {
            String name = imported.getQualifiedIdentifier().toString();
            if (!imported.isStatic() && (name.equals(QUALIFIED_NAME) || name.equals(PACKAGE + ".*"))) {
                return true;
            }
        }
        return false;
    }
}
