package org.unitofwork.agent.choose;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Type;
import org.unitofwork.Database;
import org.unitofwork.Isolation;
import org.unitofwork.Propagation;
import org.unitofwork.agent.config.UnitAttributes;

/**
 * Reads the attributes of a {@code @UnitOfWork} from a class file, with the annotation's defaults for
 * those it does not set. Exception classes stay names, as on a configuration line, until the woven
 * class's loader resolves them: nothing is loaded to read an annotation.
 */
final class UnitAnnotation extends AnnotationVisitor {
    private String database = Database.DEFAULT_NAME;
    private Propagation propagation = Propagation.REQUIRED;
    private boolean readOnly;
    private Isolation isolation = Isolation.DEFAULT;
    private int timeoutSeconds;
    private final List<String> rollbackFor = new ArrayList<>();
    private final List<String> noRollbackFor = new ArrayList<>();
    private int retries;
    private boolean resolveUnknownCommit;
    private long connectionHoldBudgetMillis = -1;

    UnitAnnotation() {
        super(ClassModel.API);
    }

    UnitAttributes attributes() {
        return new UnitAttributes(database, propagation, readOnly, isolation, timeoutSeconds, List.copyOf(rollbackFor),
                List.copyOf(noRollbackFor), retries, resolveUnknownCommit, connectionHoldBudgetMillis);
    }

    @Override
    public void visit(String name, Object value) {
        switch (name) {
            case "database" -> database = (String) value;
            case "readOnly" -> readOnly = (Boolean) value;
            case "timeoutSeconds" -> timeoutSeconds = (Integer) value;
            case "retries" -> retries = (Integer) value;
            case "resolveUnknownCommit" -> resolveUnknownCommit = (Boolean) value;
            case "connectionHoldBudgetMillis" -> connectionHoldBudgetMillis = (Long) value;
            default -> {
                // an attribute of a later version of the annotation: the runtime this agent weaves for has no use for it
            }
        }
    }

    @Override
    public void visitEnum(String name, String descriptor, String value) {
        switch (name) {
            case "propagation" -> propagation = Propagation.valueOf(value);
            case "isolation" -> isolation = Isolation.valueOf(value);
            default -> {
                // as in visit
            }
        }
    }

    @Override
    public AnnotationVisitor visitArray(String name) {
        List<String> classes = name.equals("rollbackFor") ? rollbackFor : name.equals("noRollbackFor") ? noRollbackFor : null;
        if (classes == null) {
            return null;
        }
        return new AnnotationVisitor(ClassModel.API) {
            @Override
            public void visit(String element, Object value) {
                classes.add(((Type) value).getClassName());
            }
        };
    }
}
